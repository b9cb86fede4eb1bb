#include "backends/tvm/tvm_variants.h"

#include <sstream>

#include <fmt/format.h>

#include "common/error.h"

namespace mlonmcu::backends::tvm {

namespace {

// Keys whose values reach tvmc's command line (the rest only change how MLonMCU builds or checks).
const std::vector<std::string>& compile_keys(const Variant& v) {
  static const std::vector<std::string> aot = {"opt_level", "desired_layout", "extra_pass_config", "alignment_bytes"};
  static const std::vector<std::string> aot_usmp = {"opt_level", "desired_layout", "extra_pass_config",
                                                    "alignment_bytes", "usmp_algo"};
  static const std::vector<std::string> graph = {"opt_level", "desired_layout", "extra_pass_config"};
  return std::string(v.executor) == "graph" ? graph : v.usmp ? aot_usmp : aot;
}

std::string key(const Variant& v, const char* name) { return std::string(v.name) + "." + name; }

std::vector<std::string> split_pass_configs(const std::string& text, const std::string& key_name) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    if (b == std::string::npos) continue;
    item = item.substr(b, e - b + 1);
    if (item.find('=') == std::string::npos || item.front() == '=')
      throw Error(ErrorKind::Config, fmt::format("{}: '{}' is not name=value (items are comma-separated, e.g. "
                                                 "tir.disable_storage_rewrite=1)",
                                                 key_name, item));
    items.push_back(item);
  }
  return items;
}

}  // namespace

const std::vector<Variant>& variants() {
  static const std::vector<Variant> all = {
      {"tvmaot", "aot", false, "microTVM AOT executor (tvmc, or MLF archives), C interface, unpacked API",
       {"tvmaot.tar"}},
      {"tvmaotplus", "aot", true, "microTVM AOT executor with USMP static memory pools (tvmc, or MLF archives)",
       {"tvmaotplus.tar", "tvmaot_usmp.tar"}},
      {"tvmrt", "graph", false, "microTVM graph executor on TVM's C runtime (tvmc, or MLF archives)",
       {"tvmrt.tar"}},
  };
  return all;
}

const Variant& variant(const std::string& name) {
  for (const Variant& v : variants())
    if (name == v.name) return v;
  throw Error(ErrorKind::Internal, "no TVM backend " + name);
}

void declare_variant_config(const Variant& v, config::Registry& r) {
  r.add({key(v, "opt_level"), config::Type::Int, "3", "tvmc --opt-level", {}, 0, 3});
  r.add({key(v, "desired_layout"), config::Type::Choice, "none",
         "tvmc --desired-layout (none: the model's own, NHWC for TFLite)", {"none", "NCHW", "NHWC"}, {}, {}});
  r.add({key(v, "extra_pass_config"), config::Type::String, "",
         "more tvmc --pass-config name=value items, comma-separated", {}, {}, {}});
  // Measured with TVM 0.17 on every target here: at most 13 (aww), 3 (vww), 26 (resnet), 3 (toycar) LSB.
  r.add({key(v, "tolerance_lsb"), config::Type::Int, "32",
         "validate: largest difference to output_tflm/ in LSB that passes (TVM rounds differently from "
         "TFLite-Micro); the top-1 class must agree as well",
         {}, 0, 255});
  if (std::string(v.executor) == "aot")
    r.add({key(v, "alignment_bytes"), config::Type::Int, "16",
           "byte alignment of constants and workspace (tvmc --target-c-*-byte-alignment)", {}, 1, 4096});
  if (v.usmp)
    r.add({key(v, "usmp_algo"), config::Type::Choice, "hill_climb", "USMP algorithm (tir.usmp.algorithm)",
           {"greedy_by_size", "greedy_by_conflicts", "hill_climb"}, {}, {}});
  if (std::string(v.executor) == "graph")
    r.add({key(v, "arena_size"), config::Type::Int, "0",
           "bytes of the pool of TVM's page allocator (0: 2.5 x the MLF's workspace + 96 KiB, see README)", {},
           0, int64_t{1} << 30});
}

std::vector<std::string> tvmc_options(const Variant& v, const config::Config& cfg) {
  const bool aot = std::string(v.executor) == "aot";
  std::vector<std::string> o = {"--target", "c", "--runtime", "crt", "--executor", v.executor,
                                "--model-format", "tflite", "--opt-level",
                                std::to_string(cfg.get_int(key(v, "opt_level"))),
                                // Scalar C: what a microcontroller without SIMD intrinsics runs.
                                "--pass-config", "tir.disable_vectorize=1"};
  if (aot) {
    if (v.usmp)
      o.insert(o.end(), {"--pass-config", "tir.usmp.enable=1", "--pass-config",
                         "tir.usmp.algorithm=" + cfg.get_string(key(v, "usmp_algo"))});
    else
      o.insert(o.end(), {"--pass-config", "tir.usmp.enable=0"});
    const std::string align = std::to_string(cfg.get_int(key(v, "alignment_bytes")));
    o.insert(o.end(), {"--runtime-crt-system-lib", "0", "--executor-aot-unpacked-api", "1",
                       "--executor-aot-interface-api", "c", "--target-c-constants-byte-alignment", align,
                       "--target-c-workspace-byte-alignment", align});
  } else {
    o.insert(o.end(), {"--runtime-crt-system-lib", "1", "--executor-graph-link-params", "1"});
  }
  const std::string layout = cfg.get_string(key(v, "desired_layout"));
  if (layout != "none") o.insert(o.end(), {"--desired-layout", layout});
  for (const auto& item : split_pass_configs(cfg.get_string(key(v, "extra_pass_config")), key(v, "extra_pass_config")))
    o.insert(o.end(), {"--pass-config", item});
  return o;
}

std::vector<std::string> compile_settings_changed(const Variant& v, const config::Config& cfg) {
  std::vector<std::string> changed;
  const auto non_default = cfg.non_default();
  for (const auto& name : compile_keys(v)) {
    const auto it = non_default.find(key(v, name.c_str()));
    if (it != non_default.end()) changed.push_back(it->first + "=" + it->second);
  }
  return changed;
}

int64_t tolerance_lsb(const Variant& v, const config::Config& cfg) { return cfg.get_int(key(v, "tolerance_lsb")); }

}  // namespace mlonmcu::backends::tvm
