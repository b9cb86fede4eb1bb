// Serializes a lowered graph into the interpreter's blob format
// (runtime/include/mlonmcu/runtime/blob_format.h), with the memory plan's workspace offsets.
#pragma once

#include <cstdint>
#include <vector>

#include "lowering/lowered_graph.h"
#include "lowering/memory_plan.h"

namespace mlonmcu::backends::interp {

struct Blob {
  std::vector<uint8_t> bytes;
  int64_t arena_size = 0;   // the interpreter's arena: the workspace, then any own io buffers
  int64_t const_bytes = 0;  // weights and other constant data inside the blob
  std::vector<int64_t> arena_offsets;  // per tensor of lowered.graph; -1 when not in the arena
};

// Throws Unsupported when the model exceeds the format (tensor count, rank, sizes).
Blob write_blob(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan);

// Lowers for `interp` and plans with `options` (the defaults unless given): what the in-process
// runner and the tests use.
Blob lower_and_write_blob(const ir::Graph& graph, const lowering::LoweringOptions& lowering = {},
                          const lowering::MemoryPlanOptions& options = {});

}  // namespace mlonmcu::backends::interp
