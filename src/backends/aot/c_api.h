// The public API of a generated aot model (<prefix>.h), and the adapter that maps the harness's
// model API (platform/mlif/mlif_model.h) onto it.
#pragma once

#include <string>

#include "lowering/lowered_graph.h"
#include "lowering/memory_plan.h"

namespace mlonmcu::backends::aot {

// <prefix>_init / _invoke, input/output pointers and by-index accessors, and per input/output
// its type, size, rank, shape and quantization as macros.
std::string api_header(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan,
                       const std::string& prefix, const std::string& model_name);

std::string mlif_adapter_source(const std::string& prefix);

}  // namespace mlonmcu::backends::aot
