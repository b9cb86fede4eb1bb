#include "backends/tflmi/arena_probe.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "backends/runtime_sources.h"
#include "common/c_writer.h"
#include "common/error.h"
#include "common/content_hash.h"
#include "targets/baremetal/library_cache.h"
#include "targets/target.h"

namespace mlonmcu::backends::tflm {

namespace fs = std::filesystem;

namespace {

// The line the probe prints (mcu/tflm_probe.cc gets it as a define).
constexpr const char* kTag = "MLONMCU_TFLM_ARENA";
// Bumped when the probe or what it reports changes.
constexpr const char* kFormat = "tflmi-arena-1";

fs::path probe_main() { return source_root() / "backends" / "tflmi" / "mcu" / "tflm_probe.cc"; }

// A file by name and content: the generated ones live in each run's own directory.
void add_file(ContentHash& hash, const char* label, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot read " + file.string());
  hash.add(label, file.filename().string());
  hash.add("content", std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
}

std::string probe_key(const ArenaProbe& probe) {
  ContentHash hash;
  hash.add("format", kFormat);
  hash.add("target", probe.target);
  // The target's own settings (opt level, ISA) change code and struct layout; nothing else does.
  for (const auto& [key, value] : probe.config.non_default())
    if (key.rfind(probe.target + ".", 0) == 0) hash.add("config", key + "=" + value);
  for (const auto& source : probe.sources) add_file(hash, "source", source);
  add_file(hash, "source", probe_main());
  for (const auto& dir : probe.include_dirs) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".h") add_file(hash, "header", entry.path());
  }
  for (const auto& define : probe.defines) hash.add("define", define);
  for (const auto& library : probe.libraries) hash.add("library", targets::library_digest(library));
  return hash.hex();
}

ArenaSize parse_probe_output(const std::string& output, const std::string& target) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string tag;
    words >> tag;
    if (tag == kTag) {
      ArenaSize size;
      if (words >> size.used >> size.needed && size.used > 0 && size.needed >= size.used) return size;
      break;
    }
    if (tag == std::string(kTag) + "_error") {
      int status = 0;
      long free_bytes = 0;
      words >> status >> free_bytes;
      if (status == 3)
        throw Error(ErrorKind::Unsupported,
                    fmt::format("tflmi: TensorFlow Lite Micro cannot allocate the model's tensors on {} even in all "
                                "{} bytes of free RAM (a kernel's Prepare rejects the model, or it does not fit; "
                                "TFLM's release build prints no reason)",
                                target, free_bytes));
      throw Error(ErrorKind::Unsupported,
                  fmt::format("tflmi: TensorFlow Lite Micro cannot set up the model on {} (status {}: {})", target,
                              status,
                              status == 1 ? "another schema version" : status == 2 ? "op registration failed"
                                                                                  : "no free RAM for an arena"));
    }
  }
  throw Error(ErrorKind::Target, fmt::format("tflmi: the arena probe on {} printed no {} line", target, kTag));
}

}  // namespace

ArenaSize measure_arena(const ArenaProbe& probe) {
  const std::string key = probe_key(probe);
  const fs::path cached = probe.cache_dir.empty() ? fs::path() : probe.cache_dir / "tflmi_arena" / (key + ".txt");
  if (!cached.empty()) {
    std::ifstream in(cached);
    ArenaSize size;
    if (in >> size.used >> size.needed) return size;
  }
  const auto target = targets::make_target(probe.target);
  targets::CompileRequest request;
  request.work_dir = probe.work_dir;
  request.program_name = "arena_probe";
  request.sources = probe.sources;
  request.sources.push_back(probe_main());
  request.include_dirs = probe.include_dirs;
  request.defines = probe.defines;
  request.defines.push_back(fmt::format("MLONMCU_TFLM_ARENA_TAG=\"{}\"", kTag));
  request.libraries = probe.libraries;
  request.cache_dir = probe.cache_dir;
  fs::create_directories(probe.work_dir);
  const targets::CompileResult compiled = target->compile(request, probe.config);
  targets::RunRequest run;
  run.elf = compiled.elf;
  run.work_dir = probe.work_dir;
  const targets::RunResult result = target->run(run, probe.config);
  std::ofstream(probe.work_dir / "stdout.txt") << result.output;
  const ArenaSize size = parse_probe_output(result.output, probe.target);
  if (!cached.empty()) {
    fs::create_directories(cached.parent_path());
    write_text_file(cached.string(), fmt::format("{} {}\n", size.used, size.needed));
  }
  return size;
}

}  // namespace mlonmcu::backends::tflm
