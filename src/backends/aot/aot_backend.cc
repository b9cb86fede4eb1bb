#include "backends/aot/aot_backend.h"

#include "backends/aot/c_model.h"
#include "backends/runtime_sources.h"
#include "common/c_writer.h"
#include "lowering/backend_config.h"

namespace mlonmcu::backends {

void AotBackend::declare_config(config::Registry& registry) const {
  lowering::declare_lowering_config(registry, name());
  registry.add({"aot.prefix", config::Type::String, "model",
                "name prefix of the generated API (<prefix>_init, <prefix>_invoke, <prefix>.h)", {},
                {}, {}});
}

void AotBackend::check(const ir::Graph& graph) const { (void)lowering::lower_graph(graph, name()); }

BackendOutput AotBackend::build(const ir::Graph& graph, const config::Config& cfg,
                                const fs::path& out_dir) const {
  const lowering::LoweringConfig lc = lowering::read_lowering_config(cfg, name());
  const lowering::LoweredGraph lowered = lowering::lower_graph(graph, name(), lc.lowering);
  const lowering::MemoryPlan plan = lowering::plan_memory(lowered, lc.memory);
  const std::string prefix = cfg.get_string("aot.prefix");
  const aot::CModel model =
      aot::generate_c_model(lowered, plan, prefix, graph.name.empty() ? "model" : graph.name);

  fs::create_directories(out_dir);
  const fs::path header = out_dir / (prefix + ".h");
  const fs::path source = out_dir / (prefix + ".c");
  const fs::path adapter = out_dir / "mlif_model_aot.c";
  write_text_file(header.string(), model.header);
  write_text_file(source.string(), model.source);
  write_text_file(adapter.string(), aot::mlif_adapter_source(prefix));
  write_text_file((out_dir / "memory_plan.txt").string(),
                  lowering::describe_plan(lowered, plan, lc.memory));

  BackendOutput out;
  out.sources = {source, adapter};
  out.include_dirs = {out_dir};
  const RuntimeSources rt = runtime_sources(/*with_interpreter=*/false);
  out.library_sources = rt.sources;
  out.library_include_dirs = rt.include_dirs;
  out.workspace_bytes = plan.workspace_size;
  out.workspace_lower_bound = plan.lower_bound;
  out.layers = lowered.layers;
  return out;
}

}  // namespace mlonmcu::backends
