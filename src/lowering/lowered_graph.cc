#include "lowering/lowered_graph.h"

#include "ir/macs.h"
#include "lowering/fuse_residual_add.h"

namespace mlonmcu::lowering {

std::string shape_text(const std::vector<int32_t>& shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "scalar" : s;
}

LayerInfo layer_info(const ir::Graph& graph, const ir::Operator& op) {
  LayerInfo info;
  info.op = op.type_name;
  std::string in, out;
  for (int32_t t : op.inputs)
    if (t >= 0 && !graph.tensors[static_cast<size_t>(t)].is_const())
      in += (in.empty() ? "" : ",") + shape_text(graph.tensors[static_cast<size_t>(t)].shape);
  for (int32_t t : op.outputs)
    out += (out.empty() ? "" : ",") + shape_text(graph.tensors[static_cast<size_t>(t)].shape);
  info.shapes = in + " -> " + out;
  info.macs = ir::count_op_macs(graph, op);
  return info;
}

LoweredGraph lower_graph(const ir::Graph& graph, const std::string& backend,
                         const LoweringOptions& options) {
  LoweredGraph out;
  out.graph = graph;
  for (const ir::Operator& op : graph.ops) ops::check_supported(out.graph, op, backend);
  ops::LowerContext ctx(out.graph, options.kernels);
  for (const ir::Operator& op : graph.ops) {
    out.ops.push_back(ops::lower(op, ctx, backend));
    out.layers.push_back(layer_info(graph, op));
  }
  if (options.fuse_residual_add) fuse_residual_adds(out);
  return out;
}

}  // namespace mlonmcu::lowering
