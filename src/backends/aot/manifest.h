// What an aot build leaves in its directory for `mlonmcu export`: aot_manifest.json naming the
// generated files and facts about them, and kernels/ holding exactly the kernel sources and
// headers the generated code needs, copied at build time so an export matches what was built.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mlonmcu::backends::aot {

struct Manifest {
  std::string model;
  std::string prefix;
  std::string header;  // file names inside the build directory
  std::string source;
  std::vector<std::string> kernel_files;    // relative to <build>/kernels
  std::vector<std::string> kernel_sources;  // the .c files among them
  int64_t workspace_bytes = 0;
  int64_t weight_bytes = 0;
  std::vector<int64_t> input_sizes, output_sizes;
};

inline constexpr const char* kManifestFile = "aot_manifest.json";

void write_manifest(const Manifest& manifest, const std::filesystem::path& build_dir);
// Throws Io when there is none (not an aot build) or it is unreadable.
Manifest read_manifest(const std::filesystem::path& build_dir);
bool has_manifest(const std::filesystem::path& build_dir);

}  // namespace mlonmcu::backends::aot
