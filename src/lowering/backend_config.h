// The config keys of lowering and memory planning, declared once for each built-in backend
// (`interp.memplan`, `aot.memplan`, ...), so both offer the same choices with the same meaning.
#pragma once

#include <string>

#include "config/config.h"
#include "lowering/lowered_graph.h"
#include "lowering/memory_plan.h"

namespace mlonmcu::lowering {

// <backend>.memplan, <backend>.fuse_add, <backend>.io_in_workspace, <backend>.alignment, and
// the kernels.* keys (ops/kernel_options.h) every backend on MLonMCU's kernels reads.
void declare_lowering_config(config::Registry& registry, const std::string& backend);

struct LoweringConfig {
  LoweringOptions lowering;
  MemoryPlanOptions memory;
};
LoweringConfig read_lowering_config(const config::Config& cfg, const std::string& backend);

// What both backends start from: the graph lowered and planned as the backend's config says.
struct PlannedGraph {
  LoweringConfig config;
  LoweredGraph lowered;
  MemoryPlan plan;
  std::string plan_text;  // describe_plan(), for memory_plan.txt beside the backend's output
};
PlannedGraph lower_and_plan(const ir::Graph& graph, const config::Config& cfg,
                            const std::string& backend);

}  // namespace mlonmcu::lowering
