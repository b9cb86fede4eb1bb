// Talking to the mlonmcu_icount QEMU plugin (src/targets/qemu_plugin): which marker addresses to
// pass, and reading the counts it writes at exit. Shared by the RISC-V and Arm targets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mlonmcu::targets {

struct IcountMarkers {
  int64_t setup = -1;  // addresses of the harness's marker functions, -1 when absent
  int64_t run_begin = -1;
  int64_t run_end = -1;
  int64_t layer_begin = -1;
  int64_t layer_end = -1;
};

// Looks the harness markers up in the ELF's symbol table.
IcountMarkers find_icount_markers(const std::filesystem::path& elf);

// The `-plugin` option value: plugin path and arguments (commas in paths doubled, as QEMU's
// option parser wants).
std::string icount_plugin_option(const std::filesystem::path& plugin, const std::filesystem::path& out_file,
                                 const IcountMarkers& markers, int32_t num_layers);

struct IcountCounts {
  int64_t total = 0;
  std::optional<int64_t> setup;
  std::optional<int64_t> run;  // summed over completed inferences; empty when none completed
  int64_t runs = 0;
  int64_t layer_calls = 0;
  std::vector<int64_t> layers;
};

// Parses the plugin's output file; throws Error(Target) when it is missing or malformed.
IcountCounts read_icount_file(const std::filesystem::path& file, const std::string& target);

// The path of the plugin built with MLonMCU; throws Error(Toolchain) when it is missing.
std::filesystem::path icount_plugin_path(const std::string& target);

}  // namespace mlonmcu::targets
