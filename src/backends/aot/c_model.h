// The aot backend's code generator: a lowered graph and its memory plan printed as C99 that
// calls the kernels directly. Every quantization parameter, shape and offset is a constant,
// weights are const arrays (flash), all activations live in one static workspace; no blob, no
// interpreter, no op table, no allocation. Deterministic: the same model and options give the
// same bytes.
//
//   <prefix>.h   the public API: <prefix>_init(), <prefix>_invoke(), input/output pointers,
//                sizes, shapes and quantization as constants
//   <prefix>.c   the model: constants, workspace, one commented kernel call per layer
#pragma once

#include <string>
#include <vector>

#include "lowering/lowered_graph.h"
#include "lowering/memory_plan.h"

namespace mlonmcu::backends::aot {

struct CModel {
  std::string header;                         // <prefix>.h
  std::string source;                         // <prefix>.c
  std::vector<std::string> kernel_functions;  // called, sorted
  int64_t weight_bytes = 0;                   // constant data in the source
};

// Throws Internal for an op without a kernel call or a tensor whose dtype does not fit it.
CModel generate_c_model(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan,
                        const std::string& prefix, const std::string& model_name);

// A valid C identifier that leaves room for the generated names.
bool valid_prefix(const std::string& prefix);

}  // namespace mlonmcu::backends::aot
