// Backends, targets and a model loader for session tests, with the real names (so the real
// config keys apply) and fake work: the backend writes a small C file into the fake file system;
// a target runs the programs /usr/bin/fake-cc-<target> and /usr/bin/fake-sim-<target> through
// the session's process runner, so a test scripts a target to succeed, fail, hang or be killed
// by scripting those programs in the FakeProcessRunner.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include <fmt/format.h>

#include "cache/cache_key.h"
#include "common/error.h"
#include "common/process.h"
#include "fakes/fake_file_system.h"
#include "modelbuilder/builder.h"
#include "session/components.h"

namespace mlonmcu::testing {

namespace fs = std::filesystem;

inline std::string fake_compiler(const std::string& target) { return "/usr/bin/fake-cc-" + target; }
inline std::string fake_simulator(const std::string& target) { return "/usr/bin/fake-sim-" + target; }
inline std::string fake_archiver(const std::string& target) { return "/usr/bin/fake-ar-" + target; }
inline const fs::path kFakeRuntimeSource = "/src/fake_runtime/runtime.c";
inline const fs::path kFakeCopiedSources = "/src/fake_copied";  // what a fake BUILD copies (like aot)

class FakeBackend : public backends::Backend {
 public:
  FakeBackend(std::string name, FakeFileSystem& files, bool unsupported, bool fails, std::atomic<int>& builds)
      : name_(std::move(name)), files_(files), unsupported_(unsupported), fails_(fails), builds_(builds) {}
  std::string name() const override { return name_; }
  std::string description() const override { return "fake backend"; }
  // The keys and features of the real backend of that name, so the real config applies.
  void declare_config(config::Registry& registry) const override {
    if (name_ == "interp") backends::make_backend(name_)->declare_config(registry);
  }
  std::vector<backends::FeatureInfo> features() const override {
    return name_ == "interp" ? backends::make_backend(name_)->features() : std::vector<backends::FeatureInfo>{};
  }
  std::vector<BuildInput> build_inputs(const backends::BuildContext&) const override {
    return {{"copied sources", "", kFakeCopiedSources}};
  }
  void check(const ir::Graph& graph, const backends::BuildContext&) const override {
    if (unsupported_) throw Error(ErrorKind::Unsupported, fmt::format("backend '{}' does not support {}", name_, graph.name));
  }
  backends::BackendOutput build(const ir::Graph& graph, const backends::BuildContext& ctx,
                                const fs::path& out_dir) const override {
    ++builds_;
    if (fails_) throw Error(ErrorKind::Internal, "fake backend: build failed");
    const int64_t arena = ctx.config.get_int("interp.arena_size");
    files_.put(out_dir / "model.c", fmt::format("/* {} */ int arena = {};\n", graph.name, arena));
    files_.put(out_dir / "model.h", "int model(void);\n");
    backends::BackendOutput out;
    out.sources = {out_dir / "model.c"};
    out.include_dirs = {out_dir};
    out.workspace_bytes = 100 + arena;
    out.layers = {{"FULLY_CONNECTED", "1x4 -> 1x2"}};
    targets::Library runtime;
    runtime.name = "fake_runtime";
    runtime.sources = {kFakeRuntimeSource};
    runtime.include_dirs = {kFakeRuntimeSource.parent_path() / "include"};  // like src/kernels/include
    out.libraries = {runtime};
    return out;
  }

 private:
  std::string name_;
  FakeFileSystem& files_;
  bool unsupported_, fails_;
  std::atomic<int>& builds_;
};

class FakeTarget : public targets::Target {
 public:
  FakeTarget(std::string name, FakeFileSystem& files, std::string kernel_isa)
      : name_(std::move(name)), files_(files), kernel_isa_(std::move(kernel_isa)) {}
  std::string name() const override { return name_; }
  std::string kernel_isa(const config::Config&) const override { return kernel_isa_; }
  std::string description() const override { return "fake target"; }
  void declare_config(config::Registry& registry) const override { targets::make_target(name_)->declare_config(registry); }
  std::vector<Tool> tools(const config::Config&) const override { return {}; }
  std::vector<std::string> library_build_fields(targets::Language, const config::Config& cfg) const override {
    return {"fake-cc -" + cfg.get_string(name_ + ".opt")};
  }
  fs::path build_library(const targets::Library& library, const config::Config&, const fs::path& cache_dir) const override {
    const ProcessResult r = run_process({fake_archiver(name_), library.name});
    if (!r.ok()) throw Error(ErrorKind::Toolchain, fmt::format("{}: fake-ar failed ({})", name_, r.describe()));
    std::string sources;
    for (const auto& s : library.sources) sources += files_.content(s);
    const fs::path archive = cache_dir / name_ / ("lib" + library.name + ".a");
    files_.put(archive, "AR " + cache::sha256_hex(sources));
    return archive;
  }

  targets::CompileResult compile(const targets::CompileRequest& request, const config::Config&) const override {
    const ProcessResult r = run_process({fake_compiler(name_), "-o", (request.work_dir / "program.elf").string()});
    if (!r.ok())
      throw Error(ErrorKind::Toolchain, fmt::format("{}: fake-cc failed ({}):\nerror: first line\nerror: second line", name_, r.describe()));
    if (request.archives.size() != request.libraries.size())
      throw Error(ErrorKind::Internal, name_ + ": libraries without their archives");
    std::string sources;
    for (const auto& s : request.sources) sources += files_.content(s);
    for (const auto& a : request.archives) sources += files_.content(a);
    const fs::path elf = request.work_dir / "program.elf";
    files_.put(elf, "ELF " + cache::sha256_hex(sources));
    targets::CompileResult out;
    out.elf = elf;
    out.memory.rom_code = static_cast<int64_t>(sources.size());
    out.memory.rom_read_only = 10;
    out.memory.rom_misc = 0;
    out.memory.ram_data = 4;
    out.memory.ram_zero_init = 100;
    return out;
  }

  targets::RunResult run(const targets::RunRequest& request, const config::Config&) const override {
    const ProcessResult r = run_process({fake_simulator(name_), request.elf.string()});
    if (!r.ok()) throw Error(ErrorKind::Target, fmt::format("{}: simulator {}", name_, r.describe()));
    if (!files_.has(request.work_dir / "mlif_inputs.bin"))
      throw Error(ErrorKind::Target, name_ + ": no mlif_inputs.bin in the working directory");
    targets::RunResult out;
    out.output = "MLIF_OUTPUT 0 0 0102\nMLIF_DONE 1\n";
    const int64_t size = static_cast<int64_t>(files_.content(request.elf).size());
    out.setup_instructions = 100;
    out.run_instructions = 1000 + size;
    out.total_instructions = 2000 + size;
    if (request.count_layers) out.layer_instructions = {900 + size};
    return out;
  }

 private:
  std::string name_;
  FakeFileSystem& files_;
  std::string kernel_isa_;
};

class FakeComponents : public session::Components {
 public:
  explicit FakeComponents(FakeFileSystem& files) : files_(files) {}
  std::unique_ptr<backends::Backend> backend(const std::string& name) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::make_unique<FakeBackend>(name, files_, unsupported.count(name) != 0, failing_builds.count(name) != 0,
                                         builds);
  }
  std::unique_ptr<targets::Target> target(const std::string& name) const override {
    const auto isa = kernel_isas.find(name);
    return std::make_unique<FakeTarget>(name, files_, isa == kernel_isas.end() ? "portable" : isa->second);
  }
  session::LoadedModel load(const models::ModelInfo& model) const override {
    ++loads;
    if (!files_.has(model.model_file)) throw Error(ErrorKind::Model, "cannot read " + model.model_file.string());
    modelbuilder::GraphBuilder b(model.name);
    const int32_t x = b.input("x", ir::DType::Int8, {1, 4}, modelbuilder::per_tensor(0.5f, 0));
    b.add_output(b.fully_connected(x, 2, ir::Activation::None));
    session::LoadedModel m;
    m.graph = b.build();
    m.golden = models::synthetic_inputs(m.graph, 1);
    m.golden_problem = "the model has no input/ directory";
    return m;
  }

  std::set<std::string> unsupported;     // backends that reject every model at LOAD
  std::set<std::string> failing_builds;  // backends whose BUILD fails
  std::map<std::string, std::string> kernel_isas;  // Target::kernel_isa per target (default portable)
  mutable std::atomic<int> loads{0};
  mutable std::atomic<int> builds{0};

 private:
  FakeFileSystem& files_;
  mutable std::mutex mutex_;
};

}  // namespace mlonmcu::testing
