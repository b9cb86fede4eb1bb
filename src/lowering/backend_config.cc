#include "lowering/backend_config.h"

#include <string>

#include "ops/kernel_options.h"

namespace mlonmcu::lowering {

void declare_lowering_config(config::Registry& registry, const std::string& backend) {
  registry.add({backend + ".memplan",
                config::Type::Choice,
                planner::algorithm_names().front(),
                "workspace planner: search (best greedy order, then a search over placement orders "
                "that is exact for small graphs), greedy_by_size, greedy_by_conflicts, or linear "
                "(no reuse); all but linear share buffers through reshape views and in-place ops",
                planner::algorithm_names(),
                {},
                {}});
  registry.add({backend + ".fuse_add",
                config::Type::Bool,
                "true",
                "fuse a residual int8 ADD into the CONV_2D producing one operand, writing over the "
                "other operand's buffer (bit-exact)",
                {},
                {},
                {}});
  registry.add(
      {backend + ".io_in_workspace",
       config::Type::Bool,
       "true",
       "place the model's inputs and outputs in the workspace (false: buffers of their own)",
       {},
       {},
       {}});
  registry.add({backend + ".alignment",
                config::Type::Choice,
                "16",
                "byte alignment of every workspace buffer (raised to the largest element size)",
                {"1", "2", "4", "8", "16", "32", "64"},
                {},
                {}});
  ops::declare_kernel_configs(registry);  // shared by the backends: one kernel library
}

LoweringConfig read_lowering_config(const config::Config& cfg, const std::string& backend) {
  LoweringConfig out;
  out.lowering.fuse_residual_add = cfg.get_bool(backend + ".fuse_add");
  out.lowering.kernels = ops::kernel_options(cfg);
  out.memory.algorithm = planner::parse_algorithm(cfg.get_string(backend + ".memplan"));
  out.memory.io_in_workspace = cfg.get_bool(backend + ".io_in_workspace");
  out.memory.alignment = std::stoll(cfg.get_string(backend + ".alignment"));
  return out;
}

PlannedGraph lower_and_plan(const ir::Graph& graph, const config::Config& cfg,
                            const std::string& backend) {
  PlannedGraph p;
  p.config = read_lowering_config(cfg, backend);
  p.lowered = lower_graph(graph, backend, p.config.lowering);
  p.plan = plan_memory(p.lowered, p.config.memory);
  p.plan_text = describe_plan(p.lowered, p.plan, p.config.memory);
  return p;
}

}  // namespace mlonmcu::lowering
