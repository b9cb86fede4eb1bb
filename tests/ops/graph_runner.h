// Test helper: runs a graph op by op through the lowering and the runtime's eval glue, with one
// heap buffer per tensor (no memory planner, no serializer), so the compute ops can be checked
// in isolation from the interpreter core.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "mlonmcu/runtime/interp.h"
#include "mlonmcu/runtime/tensor.h"
#include "ops/lower.h"

namespace mlonmcu::test {

class GraphRunner {
 public:
  // Lowers every op (throws what lowering throws); the graph may grow by constant tensors.
  explicit GraphRunner(ir::Graph graph, const std::string& backend = "interp")
      : graph_(std::move(graph)) {
    ops::LowerContext ctx(graph_);
    for (const auto& op : graph_.ops) lowered_.push_back(ops::lower(op, ctx, backend));
    buffers_.resize(graph_.tensors.size());
    tensors_.resize(graph_.tensors.size());
    for (size_t i = 0; i < graph_.tensors.size(); ++i) {
      ir::Tensor& t = graph_.tensors[i];
      mlonmcu_tensor_t& v = tensors_[i];
      v.dtype = static_cast<int32_t>(t.dtype);
      v.rank = static_cast<int32_t>(t.shape.size());
      for (int d = 0; d < MLONMCU_MAX_RANK; ++d)
        v.dims[d] = d < v.rank ? t.shape[static_cast<size_t>(d)] : 1;
      v.bytes = static_cast<int32_t>(t.num_bytes());
      v.zero_point = t.quant.zero_point.empty() ? 0 : static_cast<int32_t>(t.quant.zero_point[0]);
      v.scale = t.quant.scale.empty() ? 0.0f : t.quant.scale[0];
      if (t.is_const()) {
        v.data = t.data.data();
      } else {
        buffers_[i].assign(static_cast<size_t>(t.num_bytes() + 3) / 4 + 1, 0);
        v.data = buffers_[i].data();
      }
    }
  }

  const ir::Graph& graph() const { return graph_; }
  const std::vector<ops::LoweredOp>& lowered() const { return lowered_; }
  mlonmcu_tensor_t& tensor(int32_t index) { return tensors_[static_cast<size_t>(index)]; }

  // Runs every op in order; returns the first non-OK status.
  mlonmcu_status_t run() {
    for (const auto& op : lowered_) {
      mlonmcu_op_eval_fn fn = mlonmcu_op_lookup(static_cast<int32_t>(op.opcode));
      if (!fn) return MLONMCU_ERR_UNSUPPORTED_OP;
      mlonmcu_op_ctx_t ctx{tensors_.data(),
                           op.inputs.data(),
                           static_cast<int32_t>(op.inputs.size()),
                           op.outputs.data(),
                           static_cast<int32_t>(op.outputs.size()),
                           op.params.data(),
                           static_cast<int32_t>(op.params.size())};
      const mlonmcu_status_t status = fn(&ctx);
      if (status != MLONMCU_OK) return status;
    }
    return MLONMCU_OK;
  }

 private:
  ir::Graph graph_;
  std::vector<ops::LoweredOp> lowered_;
  std::vector<std::vector<int32_t>> buffers_;  // int32 elements: 4-byte aligned storage
  std::vector<mlonmcu_tensor_t> tensors_;
};

}  // namespace mlonmcu::test
