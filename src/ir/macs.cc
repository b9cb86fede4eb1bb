#include "ir/macs.h"

namespace mlonmcu::ir {

namespace {

const Tensor* tensor_at(const Graph& g, const std::vector<int32_t>& ids, size_t i) {
  if (i >= ids.size() || ids[i] < 0 || static_cast<size_t>(ids[i]) >= g.tensors.size()) return nullptr;
  return &g.tensors[static_cast<size_t>(ids[i])];
}

}  // namespace

int64_t count_op_macs(const Graph& graph, const Operator& op) {
  const Tensor* filter = tensor_at(graph, op.inputs, 1);
  const Tensor* out = tensor_at(graph, op.outputs, 0);
  if (!filter || !out || filter->shape.empty()) return 0;
  switch (op.type) {
    case OpType::Conv2D:  // filter [out_c, kh, kw, in_c]: each output element sums kh*kw*in_c
      return filter->shape[0] ? out->num_elements() * (filter->num_elements() / filter->shape[0]) : 0;
    case OpType::DepthwiseConv2D:  // filter [1, kh, kw, out_c]: kh*kw per output element
      return filter->shape.back() ? out->num_elements() * (filter->num_elements() / filter->shape.back()) : 0;
    case OpType::FullyConnected:  // filter [units, in]: in per output element
      return out->num_elements() * filter->shape.back();
    default:
      return 0;
  }
}

int64_t count_macs(const Graph& graph) {
  int64_t macs = 0;
  for (const Operator& op : graph.ops) macs += count_op_macs(graph, op);
  return macs;
}

}  // namespace mlonmcu::ir
