// Where every tensor of a lowered graph lives: constants in the program's read-only data, the
// activations in one workspace planned at build time (planner/), and, when asked, the graph's
// inputs and outputs in buffers of their own. Shared by both built-in backends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lowering/lowered_graph.h"
#include "planner/memory_planner.h"
#include "planner/tensor_sharing.h"

namespace mlonmcu::lowering {

struct MemoryPlanOptions {
  planner::Algorithm algorithm = planner::Algorithm::Search;
  bool io_in_workspace = true;  // false: graph inputs/outputs get buffers of their own
  int64_t alignment = 16;       // of every workspace buffer (raised to the largest element size)
  bool views = true;            // share reshape views' buffers (not with linear)
  bool in_place = true;         // let ops write over inputs that die with them (not with linear)
};

struct MemoryPlan {
  std::vector<int64_t> offsets;  // per tensor: workspace offset, -1 when not in the workspace
  std::vector<bool> own_buffer;  // per tensor: a graph input/output outside the workspace
  int64_t workspace_size = 0;
  int64_t lower_bound = 0;  // whole-tensor lower bound of the planned buffers
  int64_t alignment = 16;   // the one used
  int32_t num_buffers = 0;
  bool optimal = false;
  bool in_workspace(int32_t t) const { return t >= 0 && offsets[static_cast<size_t>(t)] >= 0; }
};

// Variable tensors (state an op keeps across inferences, e.g. SVDF's) live in the workspace for
// the model's whole life: no other tensor shares their bytes, and the model's init sets every
// byte to persistent_reset_byte, as TFLite-Micro's AllocateTensors resets them (the zero point
// of an int8 tensor, else 0; a buffer in the file is ignored).
inline bool is_persistent(const ir::Tensor& t) { return t.is_variable && !t.is_const(); }
uint8_t persistent_reset_byte(const ir::Tensor& t);

// What the planner plans with: per tensor its size and lifetime in op indices (graph inputs
// from op 0, graph outputs and variable tensors until one past the last op, so no op may
// overwrite them), and the
// lowered ops' sharing hints. Tensors with own_buffer are left out.
struct WorkspaceUse {
  std::vector<planner::TensorLife> tensors;
  std::vector<planner::SharingHint> hints;
};
WorkspaceUse workspace_use(const LoweredGraph& lowered, bool io_in_workspace = true);

// Throws Internal for an op that names a tensor the graph does not have.
MemoryPlan plan_memory(const LoweredGraph& lowered, const MemoryPlanOptions& options);

// A readable account of the plan (kept beside a backend's output): per tensor its bytes,
// offset and lifetime, then the totals.
std::string describe_plan(const LoweredGraph& lowered, const MemoryPlan& plan,
                          const MemoryPlanOptions& options);

}  // namespace mlonmcu::lowering
