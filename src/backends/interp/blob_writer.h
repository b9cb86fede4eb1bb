// Serializes a lowered graph into the interpreter's blob format
// (runtime/include/mlonmcu/runtime/blob_format.h), with the memory plan's arena offsets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/lower.h"
#include "planner/memory_planner.h"
#include "planner/tensor_sharing.h"

namespace mlonmcu::backends::interp {

// The graph after lowering: tensors (lowering may have appended constants) and runtime ops.
struct LoweredGraph {
  ir::Graph graph;
  std::vector<ops::LoweredOp> ops;
  std::vector<std::string> op_names;  // IR op name per lowered op, for layer reports
};

// Checks every op against the backend and lowers it for the kernels `options` select; throws
// Unsupported naming op and option.
LoweredGraph lower_graph(const ir::Graph& graph, const std::string& backend,
                         const ops::KernelOptions& options = {});

struct Blob {
  std::vector<uint8_t> bytes;
  int64_t arena_size = 0;
  int64_t const_bytes = 0;  // weights and other constant data inside the blob
  std::vector<int64_t> arena_offsets;  // per tensor of lowered.graph; -1 when not in the arena
};

// Plans the arena with the ops' sharing hints (views, in-place), as `options` allow.
Blob write_blob(const LoweredGraph& lowered, const planner::SharingOptions& options);
// greedy_by_size shares buffers through views and in-place ops; linear shares nothing.
Blob write_blob(const LoweredGraph& lowered, planner::Algorithm algorithm);

// What write_blob plans with: per tensor its size and lifetime in op indices (graph inputs from
// op 0, graph outputs until one past the last op, so no op may overwrite them), and the
// lowered ops' sharing hints.
struct ArenaUse {
  std::vector<planner::TensorLife> tensors;
  std::vector<planner::SharingHint> hints;
};
ArenaUse arena_use(const LoweredGraph& lowered);

}  // namespace mlonmcu::backends::interp
