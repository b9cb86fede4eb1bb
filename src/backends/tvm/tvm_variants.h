// The three ways MLonMCU runs a model with microTVM (TVM v0.17.0), with the Python tool's names,
// and how each is compiled by `tvmc compile`:
//   tvmaot      AOT executor, C interface, unpacked API; workspace from TVMBackendAllocWorkspace
//               (TVM's stack allocator over an arena of the MLF's workspace size)
//   tvmaotplus  the same with the unified static memory planner (USMP): workspace and constants
//               in static pools the generated code declares itself (tvmaotplus.usmp_algo)
//   tvmrt       graph executor of TVM's C runtime (CRT), operators as a system library, parameters
//               linked into the code; the graph's JSON is parsed at init
// Config keys per backend <b>: opt_level, desired_layout, extra_pass_config, tolerance_lsb; the
// AOT ones alignment_bytes; tvmaotplus.usmp_algo; tvmrt.arena_size. Shared by all three (tvm.*):
// where TVM is (tvmc.h) and where archives are (mlf_source.h).
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace mlonmcu::backends::tvm {

struct Variant {
  const char* name;
  const char* executor;  // "aot" or "graph", as metadata.json names it
  bool usmp;             // AOT with static pools
  const char* description;
  // Archive file names that hold this variant, beside a model or in tvm.mlf_dir/<model>/ (the
  // second is the layout of ../shared/third_party/tvm_mlf).
  std::vector<const char*> archive_names;
};

const std::vector<Variant>& variants();
const Variant& variant(const std::string& name);  // Internal error for an unknown name

void declare_variant_config(const Variant& v, config::Registry& registry);

// `tvmc compile` options for the variant and config (without the model, --output and -f mlf).
std::vector<std::string> tvmc_options(const Variant& v, const config::Config& cfg);

// Config keys of the variant that change what tvmc generates and differ from their defaults:
// an archive made earlier cannot follow them.
std::vector<std::string> compile_settings_changed(const Variant& v, const config::Config& cfg);

// How many LSB an int8 output may differ from TFLite-Micro's (output_tflm/) for `validate`.
int64_t tolerance_lsb(const Variant& v, const config::Config& cfg);

}  // namespace mlonmcu::backends::tvm
