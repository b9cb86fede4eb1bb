#include "lowering/lowered_graph.h"

#include "ir/macs.h"
#include "lowering/fuse_residual_add.h"
#include "lowering/resource_variables.h"
#include "mlonmcu/runtime/opcodes.h"

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
  resolve_resource_variables(out.graph, backend);
  for (const ir::Operator& op : out.graph.ops) ops::check_supported(out.graph, op, backend);
  ops::LowerContext ctx(out.graph, options.kernels);
  std::vector<ir::Subgraph> subgraphs = graph.subgraphs;
  if (subgraphs.empty())
    subgraphs.push_back({graph.name, 0, static_cast<int32_t>(graph.ops.size()), graph.inputs, graph.outputs});
  // Lowering appends tensors to out.graph but never ops, so op references stay valid.
  const std::vector<ir::Operator>& ir_ops = out.graph.ops;
  for (const ir::Subgraph& sub : subgraphs) {
    Segment segment{static_cast<int32_t>(out.ops.size()), 0, sub.inputs, sub.outputs};
    for (int32_t i = sub.first_op; i < sub.first_op + sub.num_ops; ++i) {
      const ir::Operator& op = ir_ops[static_cast<size_t>(i)];
      ops::LoweredOp lowered = ops::lower(op, ctx, backend);
      if (lowered.opcode == MLONMCU_OP_INVALID) continue;  // nothing to run (VAR_HANDLE)
      out.ops.push_back(std::move(lowered));
      out.layers.push_back(layer_info(out.graph, op));
    }
    segment.num_ops = static_cast<int32_t>(out.ops.size()) - segment.first_op;
    out.segments.push_back(std::move(segment));
  }
  // The fusion removes ops, which would move the other segments' ranges.
  if (options.fuse_residual_add && out.segments.size() == 1) {
    fuse_residual_adds(out);
    out.segments[0].num_ops = static_cast<int32_t>(out.ops.size());
  }
  return out;
}

}  // namespace mlonmcu::lowering
