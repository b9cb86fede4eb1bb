// The layers a program runs per inference, in order, as the per-layer report rows name them
// (feature layer_profile): one per graph op, for every backend that executes the graph's ops
// one by one.
#pragma once

#include <vector>

#include "backends/backend.h"

namespace mlonmcu::backends {

std::vector<LayerInfo> layer_infos(const ir::Graph& graph);

}  // namespace mlonmcu::backends
