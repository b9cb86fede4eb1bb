// Test helper shared by the op runners: binds runtime tensor views to an IR graph (constants
// point at their data, every other tensor gets its own zeroed heap buffer, so no memory planner
// or serializer is involved) and evaluates one lowered op through the runtime's eval glue.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/graph.h"
#include "mlonmcu/runtime/interp.h"
#include "mlonmcu/runtime/tensor.h"
#include "ops/lower.h"

namespace mlonmcu::test {

// buffers hold int64 elements: 8-byte aligned storage for every dtype (plus one spare element).
inline void bind_tensor_views(ir::Graph& graph, std::vector<std::vector<int64_t>>& buffers,
                              std::vector<mlonmcu_tensor_t>& views) {
  buffers.assign(graph.tensors.size(), {});
  views.assign(graph.tensors.size(), mlonmcu_tensor_t{});
  for (size_t i = 0; i < graph.tensors.size(); ++i) {
    ir::Tensor& t = graph.tensors[i];
    mlonmcu_tensor_t& v = views[i];
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
      buffers[i].assign(static_cast<size_t>(t.num_bytes() + 7) / 8 + 1, 0);
      v.data = buffers[i].data();
    }
  }
}

// Runs one lowered op on the views with the given params words (normally op.params).
inline mlonmcu_status_t eval_lowered(std::vector<mlonmcu_tensor_t>& views,
                                     const ops::LoweredOp& op,
                                     const std::vector<int32_t>& params) {
  mlonmcu_op_eval_fn fn = mlonmcu_op_lookup(static_cast<int32_t>(op.opcode));
  if (!fn) return MLONMCU_ERR_UNSUPPORTED_OP;
  const mlonmcu_op_ctx_t ctx{views.data(),
                             op.inputs.data(),
                             static_cast<int32_t>(op.inputs.size()),
                             op.outputs.data(),
                             static_cast<int32_t>(op.outputs.size()),
                             params.data(),
                             static_cast<int32_t>(params.size())};
  return fn(&ctx);
}

}  // namespace mlonmcu::test
