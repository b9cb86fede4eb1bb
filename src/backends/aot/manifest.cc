#include "backends/aot/manifest.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/c_writer.h"
#include "common/error.h"

namespace mlonmcu::backends::aot {

namespace fs = std::filesystem;

void write_manifest(const Manifest& m, const fs::path& build_dir) {
  const nlohmann::json j = {
      {"model", m.model},
      {"prefix", m.prefix},
      {"header", m.header},
      {"source", m.source},
      {"kernel_files", m.kernel_files},
      {"kernel_sources", m.kernel_sources},
      {"workspace_bytes", m.workspace_bytes},
      {"weight_bytes", m.weight_bytes},
      {"input_sizes", m.input_sizes},
      {"output_sizes", m.output_sizes},
  };
  write_text_file((build_dir / kManifestFile).string(), j.dump(2) + "\n");
}

bool has_manifest(const fs::path& build_dir) {
  std::error_code ec;
  return fs::is_regular_file(build_dir / kManifestFile, ec);
}

Manifest read_manifest(const fs::path& build_dir) {
  const fs::path file = build_dir / kManifestFile;
  std::ifstream in(file);
  if (!in)
    throw Error(ErrorKind::Io,
                "no aot build in " + build_dir.string() + " (no " + kManifestFile + ")");
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    Manifest m;
    m.model = j.at("model");
    m.prefix = j.at("prefix");
    m.header = j.at("header");
    m.source = j.at("source");
    m.kernel_files = j.at("kernel_files").get<std::vector<std::string>>();
    m.kernel_sources = j.at("kernel_sources").get<std::vector<std::string>>();
    m.workspace_bytes = j.at("workspace_bytes");
    m.weight_bytes = j.at("weight_bytes");
    m.input_sizes = j.at("input_sizes").get<std::vector<int64_t>>();
    m.output_sizes = j.at("output_sizes").get<std::vector<int64_t>>();
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::Io, "unreadable " + file.string() + ": " + e.what());
  }
}

}  // namespace mlonmcu::backends::aot
