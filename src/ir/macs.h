// Multiply-accumulates per inference, from shapes alone: the yardstick for kernel efficiency
// (instructions per MAC).
#pragma once

#include <cstdint>

#include "ir/graph.h"

namespace mlonmcu::ir {

int64_t count_macs(const Graph& graph);
int64_t count_op_macs(const Graph& graph, const Operator& op);

}  // namespace mlonmcu::ir
