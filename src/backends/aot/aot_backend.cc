#include "backends/aot/aot_backend.h"

#include "backends/aot/c_api.h"
#include "backends/aot/c_model.h"
#include "backends/aot/kernel_sources.h"
#include "backends/aot/manifest.h"
#include "backends/runtime_sources.h"
#include "common/c_writer.h"
#include "lowering/backend_config.h"

namespace mlonmcu::backends {

namespace {

// The manifest and the kernel files for `mlonmcu export` (aot/manifest.h).
void write_export_files(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan,
                        const aot::CModel& model, const std::string& prefix, const fs::path& dir) {
  const aot::KernelFiles kernels = aot::kernel_files_for(model.kernel_functions);
  const fs::path kernel_root = source_root() / "kernels";
  std::error_code ec;
  fs::remove_all(dir / "kernels", ec);
  aot::Manifest m;
  m.model = lowered.graph.name.empty() ? "model" : lowered.graph.name;
  m.prefix = prefix;
  m.header = prefix + ".h";
  m.source = prefix + ".c";
  for (const auto* list : {&kernels.sources, &kernels.headers})
    for (const fs::path& rel : *list) {
      fs::create_directories((dir / "kernels" / rel).parent_path());
      fs::copy_file(kernel_root / rel, dir / "kernels" / rel, fs::copy_options::overwrite_existing);
      m.kernel_files.push_back(rel.generic_string());
    }
  for (const fs::path& rel : kernels.sources) m.kernel_sources.push_back(rel.generic_string());
  m.workspace_bytes = plan.workspace_size;
  m.weight_bytes = model.weight_bytes;
  for (int32_t t : lowered.graph.inputs)
    m.input_sizes.push_back(lowered.graph.tensors[static_cast<size_t>(t)].num_bytes());
  for (int32_t t : lowered.graph.outputs)
    m.output_sizes.push_back(lowered.graph.tensors[static_cast<size_t>(t)].num_bytes());
  aot::write_manifest(m, dir);
}

}  // namespace

void AotBackend::declare_config(config::Registry& registry) const {
  lowering::declare_lowering_config(registry, name());
  registry.add({"aot.prefix",
                config::Type::String,
                "model",
                "name prefix of the generated API (<prefix>_init, <prefix>_invoke, <prefix>.h)",
                {},
                {},
                {}});
}

std::vector<Backend::BuildInput> AotBackend::build_inputs(const BuildContext&) const {
  return {{"kernel sources", "", source_root() / "kernels"}};
}

void AotBackend::check(const ir::Graph& graph, const BuildContext&) const { (void)lowering::lower_graph(graph, name()); }

BackendOutput AotBackend::build(const ir::Graph& graph, const BuildContext& ctx, const fs::path& out_dir) const {
  const config::Config& cfg = ctx.config;
  const lowering::PlannedGraph planned = lowering::lower_and_plan(graph, cfg, name());
  const lowering::LoweredGraph& lowered = planned.lowered;
  const lowering::MemoryPlan& plan = planned.plan;
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
  write_text_file((out_dir / "memory_plan.txt").string(), planned.plan_text);
  write_export_files(lowered, plan, model, prefix, out_dir);

  BackendOutput out;
  out.sources = {source, adapter};
  out.include_dirs = {out_dir};
  out.libraries = {runtime_library(/*with_interpreter=*/false)};
  out.workspace_bytes = plan.workspace_size;
  out.workspace_lower_bound = plan.lower_bound;
  out.layers = lowered.layers;
  return out;
}

}  // namespace mlonmcu::backends
