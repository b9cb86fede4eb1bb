#include "backends/layers.h"

namespace mlonmcu::backends {

namespace {

std::string shape_text(const ir::Tensor& t) {
  std::string s;
  for (size_t i = 0; i < t.shape.size(); ++i) s += (i ? "x" : "") + std::to_string(t.shape[i]);
  return s.empty() ? "scalar" : s;
}

}  // namespace

std::vector<LayerInfo> layer_infos(const ir::Graph& graph) {
  std::vector<LayerInfo> layers;
  for (const ir::Operator& op : graph.ops) {
    LayerInfo info;
    info.op = op.type_name;
    std::string in, out;
    for (int32_t t : op.inputs)
      if (t >= 0 && !graph.tensors[static_cast<size_t>(t)].is_const())
        in += (in.empty() ? "" : ",") + shape_text(graph.tensors[static_cast<size_t>(t)]);
    for (int32_t t : op.outputs)
      out += (out.empty() ? "" : ",") + shape_text(graph.tensors[static_cast<size_t>(t)]);
    info.shapes = in + " -> " + out;
    layers.push_back(std::move(info));
  }
  return layers;
}

}  // namespace mlonmcu::backends
