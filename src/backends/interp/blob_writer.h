// Serializes a lowered graph into the interpreter's blob format
// (runtime/include/mlonmcu/runtime/blob_format.h), with the memory plan's arena offsets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/lower.h"
#include "planner/memory_planner.h"

namespace mlonmcu::backends::interp {

// The graph after lowering: tensors (lowering may have appended constants) and runtime ops.
struct LoweredGraph {
  ir::Graph graph;
  std::vector<ops::LoweredOp> ops;
  std::vector<std::string> op_names;  // IR op name per lowered op, for layer reports
};

// Checks every op against the backend and lowers it; throws Unsupported naming op and option.
LoweredGraph lower_graph(const ir::Graph& graph, const std::string& backend);

struct Blob {
  std::vector<uint8_t> bytes;
  int64_t arena_size = 0;
  int64_t const_bytes = 0;  // weights and other constant data inside the blob
};

Blob write_blob(const LoweredGraph& lowered, planner::Algorithm algorithm);

}  // namespace mlonmcu::backends::interp
