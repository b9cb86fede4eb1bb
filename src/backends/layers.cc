#include "backends/layers.h"

namespace mlonmcu::backends {

std::vector<LayerInfo> layer_infos(const ir::Graph& graph) {
  std::vector<LayerInfo> layers;
  for (const ir::Operator& op : graph.ops) layers.push_back(lowering::layer_info(graph, op));
  return layers;
}

}  // namespace mlonmcu::backends
