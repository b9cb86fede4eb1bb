// Test helper: runs a graph op by op through the lowering and the runtime's eval glue, with one
// heap buffer per tensor (no memory planner, no serializer), so the compute ops can be checked
// in isolation from the interpreter core.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "mlonmcu/runtime/tensor.h"
#include "ops/lower.h"
#include "ops/tensor_views.h"

namespace mlonmcu::test {

class GraphRunner {
 public:
  // Lowers every op (throws what lowering throws); the graph may grow by constant tensors.
  explicit GraphRunner(ir::Graph graph, const std::string& backend = "interp",
                       ops::KernelOptions options = {})
      : graph_(std::move(graph)) {
    ops::LowerContext ctx(graph_, options);
    for (const auto& op : graph_.ops) lowered_.push_back(ops::lower(op, ctx, backend));
    bind_tensor_views(graph_, buffers_, tensors_);
  }

  const ir::Graph& graph() const { return graph_; }
  const std::vector<ops::LoweredOp>& lowered() const { return lowered_; }
  mlonmcu_tensor_t& tensor(int32_t index) { return tensors_[static_cast<size_t>(index)]; }

  // Runs every op in order; returns the first non-OK status.
  mlonmcu_status_t run() {
    for (const auto& op : lowered_) {
      const mlonmcu_status_t status = eval_lowered(tensors_, op, op.params);
      if (status != MLONMCU_OK) return status;
    }
    return MLONMCU_OK;
  }

 private:
  ir::Graph graph_;
  std::vector<ops::LoweredOp> lowered_;
  std::vector<std::vector<int64_t>> buffers_;
  std::vector<mlonmcu_tensor_t> tensors_;
};

}  // namespace mlonmcu::test
