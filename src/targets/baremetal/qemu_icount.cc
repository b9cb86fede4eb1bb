#include "targets/baremetal/qemu_icount.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/error.h"
#include "targets/elf_memory.h"

namespace mlonmcu::targets {

namespace {

std::string escape_commas(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == ',') out += ',';
  }
  return out;
}

}  // namespace

IcountMarkers find_icount_markers(const std::filesystem::path& elf) {
  IcountMarkers markers;
  markers.setup = elf_symbol_address(elf, "mlif_mark_setup_done");
  markers.run_begin = elf_symbol_address(elf, "mlif_mark_run_begin");
  markers.run_end = elf_symbol_address(elf, "mlif_mark_run_end");
  markers.layer_begin = elf_symbol_address(elf, "mlonmcu_layer_begin");
  markers.layer_end = elf_symbol_address(elf, "mlonmcu_layer_end");
  return markers;
}

std::string icount_plugin_option(const std::filesystem::path& plugin, const std::filesystem::path& out_file,
                                 const IcountMarkers& markers, int32_t num_layers) {
  std::string option = escape_commas(plugin.string()) + ",out=" + escape_commas(out_file.string());
  auto add_marker = [&option](const char* key, int64_t address) {
    if (address >= 0) option += fmt::format(",{}={:#x}", key, address);
  };
  add_marker("setup", markers.setup);
  add_marker("run_begin", markers.run_begin);
  add_marker("run_end", markers.run_end);
  if (num_layers > 0 && markers.layer_begin >= 0 && markers.layer_end >= 0) {
    add_marker("layer_begin", markers.layer_begin);
    add_marker("layer_end", markers.layer_end);
    option += fmt::format(",layers={}", num_layers);
  }
  return option;
}

IcountCounts read_icount_file(const std::filesystem::path& file, const std::string& target) {
  std::ifstream in(file);
  if (!in) throw Error(ErrorKind::Target, target + ": the simulator wrote no instruction counts");
  auto malformed = [&]() {
    return Error(ErrorKind::Target, target + ": malformed instruction count file " + file.string());
  };
  IcountCounts counts;
  std::string line;
  bool header = false, total = false;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key.empty()) continue;
    if (key == "mlonmcu_icount") {
      header = true;
      continue;
    }
    if (key == "layer") {
      size_t index = 0;
      int64_t value = 0;
      if (!(words >> index >> value) || index != counts.layers.size()) throw malformed();
      counts.layers.push_back(value);
      continue;
    }
    int64_t value = 0;
    if (!(words >> value)) throw malformed();
    if (key == "total") {
      counts.total = value;
      total = true;
    } else if (key == "setup") {
      if (value >= 0) counts.setup = value;
    } else if (key == "run") {
      counts.run = value;
    } else if (key == "runs") {
      counts.runs = value;
    } else if (key == "layer_calls") {
      counts.layer_calls = value;
    }
  }
  if (!header || !total) throw malformed();
  if (counts.runs == 0) counts.run.reset();
  return counts;
}

std::filesystem::path icount_plugin_path(const std::string& target) {
#ifdef MLONMCU_PLUGIN_PATH
  const std::filesystem::path path = MLONMCU_PLUGIN_PATH;
#else
  const std::filesystem::path path;
#endif
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) {
    throw Error(ErrorKind::Toolchain,
                target + ": the QEMU instruction-count plugin (mlonmcu_icount.so) is not built" +
                    (path.empty() ? std::string() : " at " + path.string()));
  }
  return path;
}

}  // namespace mlonmcu::targets
