// The model as both built-in backends see it: every op checked and lowered to its kernel call
// (ops/lower.h), then graph-level rewrites (the residual ADD fused into a convolution). The
// `interp` backend serializes this, the `aot` backend prints it as C; both place its tensors
// with memory_plan.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/lower.h"

namespace mlonmcu::lowering {

// One executed op, for per-layer reports and generated comments.
struct LayerInfo {
  std::string op;      // "CONV_2D", or "CONV_2D+ADD" for a fused pair
  std::string shapes;  // "1x49x10x1 -> 1x25x5x64"
  int64_t macs = 0;
};

struct LoweringOptions {
  bool fuse_residual_add = true;  // fuse_residual_add.h
  ops::KernelOptions kernels;     // optimized kernels for an ISA, or the reference ones
};

// A subgraph as it runs: ops[first_op, first_op + num_ops) and the tensors a control-flow op
// copies its operands to and its results from. Segment k is the model's subgraph k; segment 0 is
// the main graph, whose ops come first.
struct Segment {
  int32_t first_op = 0;
  int32_t num_ops = 0;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
};

struct LoweredGraph {
  ir::Graph graph;                  // the model's tensors plus the constants lowering added
  std::vector<ops::LoweredOp> ops;  // in execution order (the main graph's, then the others')
  std::vector<LayerInfo> layers;    // per lowered op
  std::vector<Segment> segments;    // empty: one subgraph of all ops
  int32_t num_main_ops() const {
    return segments.empty() ? static_cast<int32_t>(ops.size()) : segments[0].num_ops;
  }
};

// Checks every op against the backend and lowers it; throws Unsupported naming op and option.
LoweredGraph lower_graph(const ir::Graph& graph, const std::string& backend,
                         const LoweringOptions& options = {});

std::string shape_text(const std::vector<int32_t>& shape);  // "1x32x32x16", "scalar"
// The op's name, the shapes of its non-constant inputs and of its outputs, and its MACs.
LayerInfo layer_info(const ir::Graph& graph, const ir::Operator& op);

}  // namespace mlonmcu::lowering
