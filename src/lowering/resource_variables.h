// TFLite's resource variables (VAR_HANDLE, ASSIGN_VARIABLE, READ_VARIABLE) as plain variable
// tensors: every VAR_HANDLE of one (container, shared_name), in any subgraph, names the same
// variable, as in TFLite-Micro's MicroResourceVariables. Its storage is one persistent tensor
// shaped like the first value assigned to it (TFLM allocates it at that ASSIGN_VARIABLE's Prepare)
// and reset at init to that value's zero point, else 0.
#pragma once

#include <string>

#include "ir/graph.h"

namespace mlonmcu::lowering {

// Appends a storage tensor per variable and makes every ASSIGN_VARIABLE / READ_VARIABLE name it
// in place of the handle (input 0). Throws Unsupported for a handle that does not come straight
// from a VAR_HANDLE, a variable read but never assigned, or assignments of different sizes.
void resolve_resource_variables(ir::Graph& graph, const std::string& backend);

}  // namespace mlonmcu::lowering
