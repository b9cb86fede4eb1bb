#include "backends/tvm/tvm_backend.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/runtime_sources.h"
#include "backends/tvm/crt_library.h"
#include "backends/tvm/mlf.h"
#include "backends/tvm/mlf_archive.h"
#include "backends/tvm/mlf_source.h"
#include "backends/tvm/tvm_glue.h"
#include "backends/tvm/tvmc.h"
#include "common/c_writer.h"
#include "common/content_hash.h"
#include "common/error.h"

namespace mlonmcu::backends {

namespace {

using tvm::Variant;

// The default pool of TVM's page allocator for the graph executor: the MLF's workspace (tensors
// and operator workspaces) plus the executor's graph structures, page rounding, the allocator's
// 88 bytes of bookkeeping per 256-byte page and its fragmentation. Smallest pools that work on
// x86-64 (64-bit pointers: more than on the targets): aww 198,912 B (workspace 105,348), vww
// 603,392 (248,840), resnet 230,656 (119,120), toycar 72,448 (1,968). tvmrt.arena_size sets it.
int64_t default_graph_arena(int64_t workspace) { return workspace * 5 / 2 + 96 * 1024; }

// AOT archives beside a graph archive, whose runtime/ is the CRT the graph executor needs.
constexpr const char* kCrtSiblings[] = {"tvmaot.tar", "tvmaot_usmp.tar", "tvmaotplus.tar"};

bool is_graph(const Variant& v) { return std::string(v.executor) == "graph"; }

int64_t tensor_bytes(const ir::Tensor& t) {
  int64_t n = static_cast<int64_t>(ir::dtype_size(t.dtype));
  for (int32_t d : t.shape) n *= d;
  return n;
}

// The archive must be this backend's kind and compiled from this model (same I/O sizes).
void check_mlf_fits(const Variant& v, const tvm::Mlf& mlf, const ir::Graph& graph, const std::string& what) {
  if (mlf.executor != v.executor)
    throw Error(ErrorKind::Model, fmt::format("MLF {} is for TVM's {} executor, backend '{}' runs the {} executor",
                                              what, mlf.executor, v.name, v.executor));
  if (!is_graph(v) && mlf.usmp != v.usmp)
    throw Error(ErrorKind::Model,
                fmt::format("MLF {} was compiled {} USMP (tir.usmp.enable={}), backend '{}' needs it {}: use it with {}",
                            what, mlf.usmp ? "with" : "without", mlf.usmp ? 1 : 0, v.name, v.usmp ? "with" : "without",
                            mlf.usmp ? "tvmaotplus" : "tvmaot"));
  auto compare = [&](const char* kind, const std::vector<tvm::MlfTensor>& tensors, const std::vector<int32_t>& ids) {
    if (tensors.size() != ids.size())
      throw Error(ErrorKind::Model, fmt::format("MLF {} has {} {}s, the model {}: not compiled from this model", what,
                                                tensors.size(), kind, ids.size()));
    for (size_t i = 0; i < ids.size(); ++i) {
      const int64_t want = tensor_bytes(graph.tensors[static_cast<size_t>(ids[i])]);
      if (tensors[i].bytes != want)
        throw Error(ErrorKind::Model,
                    fmt::format("MLF {}: {} {} ({}) has {} bytes, the model's has {}: not compiled from this model",
                                what, kind, i, tensors[i].name, tensors[i].bytes, want));
    }
  };
  compare("input", mlf.inputs, graph.inputs);
  compare("output", mlf.outputs, graph.outputs);
}

// The CRT for the graph executor, whose MLF does not carry one: tvm.crt_dir, the runtime/ of an
// AOT archive beside the graph archive (TVM writes the same CRT into every one), or the TVM
// installation tvmc runs from.
fs::path graph_crt_dir(const config::Config& cfg, const fs::path& archive, const fs::path& scratch) {
  const std::string configured = cfg.get_string("tvm.crt_dir");
  if (!configured.empty()) {
    if (!tvm::is_crt_dir(configured))
      throw Error(ErrorKind::Toolchain, fmt::format("tvm.crt_dir={} holds no TVM C runtime (include/tvm/runtime/crt, "
                                                    "src/runtime/crt)", configured));
    return configured;
  }
  if (!archive.empty())
    for (const char* sibling : kCrtSiblings) {
      std::error_code ec;
      if (!fs::is_regular_file(archive.parent_path() / sibling, ec)) continue;
      tvm::unpack_archive(archive.parent_path() / sibling, scratch);
      if (tvm::is_crt_dir(scratch / "runtime")) return scratch / "runtime";
    }
  if (auto installed = tvm::installed_crt(cfg)) return *installed;
  throw Error(ErrorKind::Toolchain,
              "tvmrt needs TVM's C runtime, which graph-executor MLFs do not carry: set tvm.crt_dir=<tvm>/build/"
              "standalone_crt, or tvm.pythonpath to a TVM build, or put an AOT archive (tvmaot.tar) beside the archive");
}

}  // namespace

void TvmBackend::declare_config(config::Registry& registry) const {
  tvm::declare_tvmc_config(registry);
  tvm::declare_source_config(registry);
  tvm::declare_variant_config(variant_, registry);
}

std::vector<Requirement> TvmBackend::requirements(const config::Config& cfg) const {
  // Either one will do: the two are alternatives of one group.
  std::vector<Requirement> out = {tvm::tvmc_requirement(cfg), tvm::archives_requirement(variant_, cfg)};
  for (Requirement& r : out) r.group = "TVM";
  return out;
}

std::vector<Backend::BuildInput> TvmBackend::build_inputs(const BuildContext& ctx) const {
  if (tvm::source_of(ctx.config) == tvm::Source::Tvmc) {
    const auto tvmc = tvm::configured_tvmc(ctx.config);
    if (!tvmc) throw Error(ErrorKind::Toolchain, "tvmc is not configured");
    return tvm::tvmc_identity(*tvmc);
  }
  const fs::path archive = tvm::find_archive(variant_, ctx.config, ctx.model_file);
  auto digest = [](const fs::path& file) {
    ContentHash hash;
    hash.add_file("archive", file);
    return hash.hex();
  };
  std::vector<BuildInput> out = {{"MLF " + archive.string(), digest(archive), {}}};
  // The graph executor's CRT may come from an AOT archive beside it (graph_crt_dir).
  if (is_graph(variant_))
    for (const char* sibling : kCrtSiblings)
      if (const fs::path file = archive.parent_path() / sibling; fs::exists(file)) out.push_back({"CRT from " + file.string(), digest(file), {}});
  return out;
}

int64_t TvmBackend::tolerance_lsb(const config::Config& cfg) const { return tvm::tolerance_lsb(variant_, cfg); }

void TvmBackend::check(const ir::Graph& graph, const BuildContext& ctx) const {
  (void)graph;
  if (tvm::source_of(ctx.config) == tvm::Source::Tvmc) {
    if (!tvm::configured_tvmc(ctx.config))
      throw Error(ErrorKind::Toolchain,
                  fmt::format("{}: tvm.source=tvmc but neither tvm.tvmc nor tvm.python is set; {}", variant_.name,
                              tvm::how_to_get_tvm()));
    if (ctx.model_file.extension() != ".tflite")
      throw Error(ErrorKind::Unsupported, fmt::format("backend '{}' compiles .tflite models with tvmc, not {}",
                                                      variant_.name, ctx.model_file.filename().string()));
    return;
  }
  const fs::path archive = tvm::find_archive(variant_, ctx.config, ctx.model_file);
  const auto changed = tvm::compile_settings_changed(variant_, ctx.config);
  if (!changed.empty())
    throw Error(ErrorKind::Config,
                fmt::format("{} changes what tvmc generates, but {} uses the MLF archive {} as it was compiled "
                            "(configure tvmc, see `mlonmcu setup`)",
                            fmt::join(changed, " "), variant_.name, archive.string()));
}

BackendOutput TvmBackend::build(const ir::Graph& graph, const BuildContext& ctx, const fs::path& out_dir) const {
  fs::create_directories(out_dir);
  // Beside the build directory, so tvmc's archive and caches and unpacked sibling archives are
  // not part of the BUILD's cache entry (which holds the whole build directory).
  const fs::path work_dir = out_dir.parent_path() / (out_dir.filename().string() + "_tvm");
  fs::remove_all(work_dir);
  fs::path archive;
  std::string origin;
  if (tvm::source_of(ctx.config) == tvm::Source::Tvmc) {
    const auto tvmc = tvm::configured_tvmc(ctx.config);
    if (!tvmc) throw Error(ErrorKind::Toolchain, "tvmc is not configured");
    tvm::TvmcCompile request{ctx.model_file, tvm::tvmc_options(variant_, ctx.config), std::string(variant_.name) + ".tar",
                             out_dir, work_dir, std::chrono::seconds(ctx.config.get_int("tvm.timeout"))};
    archive = tvm::run_tvmc_compile(*tvmc, request);
    origin = fmt::format("tvmc ({}), log: tvmc.log", tvmc->origin);
  } else {
    archive = tvm::find_archive(variant_, ctx.config, ctx.model_file);
    origin = "MLF archive";
  }
  const fs::path root = out_dir / "mlf";
  tvm::unpack_archive(archive, root);
  const tvm::Mlf mlf = tvm::read_mlf(root, archive.string());
  check_mlf_fits(variant_, mlf, graph, archive.string());

  BackendOutput out;
  out.sources = mlf.sources;
  for (auto& source : tvm::write_glue(mlf, out_dir)) out.sources.push_back(std::move(source));
  out.sources.push_back(tvm::mcu_dir() / (is_graph(variant_) ? "tvm_graph_model.c" : "tvm_aot_model.c"));
  out.include_dirs = {out_dir, tvm::mcu_dir(), source_root() / "platform" / "mlif"};
  if (!is_graph(variant_)) out.include_dirs.insert(out.include_dirs.end(), {mlf.include_dir(), mlf.crt_dir() / "include"});
  std::string memory = fmt::format("workspace {} (metadata.json)\nconstants {}\n", mlf.workspace_bytes, mlf.constants_bytes);
  if (!variant_.usmp) {
    // Workspace from TVM's allocators in tvm_platform.c: the CRT is needed.
    const fs::path crt = is_graph(variant_) ? graph_crt_dir(ctx.config, tvm::source_of(ctx.config) == tvm::Source::Archive
                                                                            ? archive : fs::path(),
                                                            work_dir / "crt_source")
                                            : mlf.crt_dir();
    out.libraries.push_back(tvm::crt_library(crt, out_dir));
    out.sources.push_back(tvm::mcu_dir() / "tvm_platform.c");
    int64_t arena = mlf.workspace_bytes;
    if (is_graph(variant_)) {
      const int64_t requested = ctx.config.get_int("tvmrt.arena_size");
      arena = requested > 0 ? requested : default_graph_arena(mlf.workspace_bytes);
      out.defines.push_back(fmt::format("MLONMCU_TVM_PAGE_ARENA={}", arena));
    } else {
      out.defines.push_back(fmt::format("MLONMCU_TVM_STACK_ARENA={}", std::max<int64_t>(arena, 16)));
    }
    memory += fmt::format("arena {}\n", arena);
  }
  out.workspace_bytes = mlf.workspace_bytes;
  std::string markers_problem;
  out.layers = tvm::add_layer_markers(mlf, markers_problem);
  if (!markers_problem.empty()) memory += "layer markers: none, " + markers_problem + "\n";
  write_text_file((out_dir / "tvm.txt").string(),
                  fmt::format("backend {}\nsource {}\narchive {}\nexecutor {}\nusmp {}\n{}", variant_.name, origin,
                              archive.string(), mlf.executor, mlf.usmp ? 1 : 0, memory));
  return out;
}

}  // namespace mlonmcu::backends
