// The aot backend's generated C, compiled for the host and loaded into this process: every
// kernel call of the table runs bit-exact with the interpreter (op zoo graphs, with views and
// in place and without, optimized and reference kernels), the real models are bit-exact with TFLite-Micro's reference kernels,
// and the generated code of every model compiles warning-free with gcc and clang.
#include <dlfcn.h>
#include <unistd.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <algorithm>
#include <map>
#include <set>

#include "backends/aot/c_model.h"
#include "backends/aot/kernel_sources.h"
#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "backends/op_zoo.h"
#include "backends/runtime_sources.h"
#include "backends/shared_model.h"
#include "common/c_writer.h"
#include "common/error.h"
#include "common/process.h"
#include "difftest/op_cases.h"
#include "targets/baremetal/library_cache.h"
#include "frontends/frontend.h"
#include "lowering/memory_plan.h"
#include "mlonmcu/runtime/opcodes.h"
#include "models/golden.h"
#include "models/model_info.h"

namespace mlonmcu::backends::aot {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

const std::vector<std::string> kWarnings = {"-std=c99", "-Wall", "-Wextra", "-Wpedantic",
                                            "-Werror"};

// Per process: ctest runs every test in a process of its own, in parallel.
fs::path work_dir() {
  static const fs::path dir = [] {
    const fs::path d = fs::path(MLONMCU_TEST_BINARY_DIR) / "aot_test" / std::to_string(getpid());
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// Removes this process's work directory after the last test.
class RemoveWorkDir : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(fs::path(MLONMCU_TEST_BINARY_DIR) / "aot_test" / std::to_string(getpid()), ec);
  }
};
[[maybe_unused]] ::testing::Environment* const kRemoveWorkDir =
    ::testing::AddGlobalTestEnvironment(new RemoveWorkDir);

void run_or_fail(const std::vector<std::string>& argv) {
  ProcessOptions o;
  o.timeout = std::chrono::seconds(300);
  const ProcessResult r = run_process(argv, o);
  if (!r.ok())
    throw Error(ErrorKind::Toolchain, argv.front() + " failed (" + r.describe() + "):\n" + r.err);
}

// Every kernel source compiled once, position independent, into an archive shared by the test
// processes through the targets' library cache (content-hashed, built aside and renamed).
const fs::path& kernel_archive() {
  static const fs::path archive = [] {
    const fs::path kernels = source_root() / "kernels";
    targets::Toolchain host;
    host.target = "aot_test_host";
    host.c_compiler = find_program("gcc");
    host.archiver = find_program("ar");
    host.c_version = "host gcc";
    host.c_flags = {"-std=c99", "-O1", "-fPIC", "-ffp-contract=off"};
    targets::Library lib;
    lib.name = "aot_test_kernels";
    for (const auto& e : fs::recursive_directory_iterator(kernels))
      if (e.path().extension() == ".c") lib.sources.push_back(e.path());
    std::sort(lib.sources.begin(), lib.sources.end());
    lib.include_dirs = {kernels, kernels / "include"};
    return targets::cached_library(host, lib, fs::path(MLONMCU_TEST_BINARY_DIR) / "aot_test_cache");
  }();
  return archive;
}

// The generated model compiled (warnings are errors) into a shared library and loaded.
class LoadedModel {
 public:
  LoadedModel(const CModel& model, const std::string& name) {
    const fs::path dir = work_dir() / name;
    fs::create_directories(dir);
    write_text_file((dir / "model.h").string(), model.header);
    write_text_file((dir / "model.c").string(), model.source);
    const fs::path obj = dir / "model.o", so = dir / "model.so";
    std::vector<std::string> cc = {"gcc",
                                   "-O1",
                                   "-fPIC",
                                   "-ffp-contract=off",
                                   "-I" + dir.string(),
                                   "-I" + (source_root() / "kernels" / "include").string()};
    cc.insert(cc.end(), kWarnings.begin(), kWarnings.end());
    cc.insert(cc.end(), {"-c", (dir / "model.c").string(), "-o", obj.string()});
    run_or_fail(cc);
    // -Bsymbolic: the library's kernel calls bind to its own copies, not this process's.
    run_or_fail({"gcc", "-shared", "-Wl,-Bsymbolic", "-o", so.string(), obj.string(),
                 kernel_archive().string(), "-lm"});
    handle_ = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) throw Error(ErrorKind::Target, std::string("dlopen: ") + dlerror());
    init_ = sym<int (*)()>("model_init");
    invoke_ = sym<int (*)()>("model_invoke");
    input_ = sym<void* (*)(int)>("model_input");
    input_size_ = sym<size_t (*)(int)>("model_input_size");
    output_ = sym<void* (*)(int)>("model_output");
    output_size_ = sym<size_t (*)(int)>("model_output_size");
    if (init_() != 0) throw Error(ErrorKind::Target, "model_init failed");
  }
  ~LoadedModel() { dlclose(handle_); }
  LoadedModel(const LoadedModel&) = delete;
  LoadedModel& operator=(const LoadedModel&) = delete;

  std::vector<Bytes> run(const std::vector<Bytes>& inputs) {
    for (size_t i = 0; i < inputs.size(); ++i) {
      EXPECT_EQ(input_size_(static_cast<int>(i)), inputs[i].size());
      std::memcpy(input_(static_cast<int>(i)), inputs[i].data(), inputs[i].size());
    }
    EXPECT_EQ(invoke_(), 0);
    std::vector<Bytes> outputs;
    for (int o = 0; output_(o); ++o) {
      const auto* p = static_cast<const uint8_t*>(output_(o));
      outputs.emplace_back(p, p + output_size_(o));
    }
    return outputs;
  }

 private:
  template <typename F>
  F sym(const char* name) {
    void* p = dlsym(handle_, name);
    if (!p) throw Error(ErrorKind::Target, std::string("missing symbol ") + name);
    return reinterpret_cast<F>(p);
  }
  void* handle_ = nullptr;
  int (*init_)() = nullptr;
  int (*invoke_)() = nullptr;
  void* (*input_)(int) = nullptr;
  size_t (*input_size_)(int) = nullptr;
  void* (*output_)(int) = nullptr;
  size_t (*output_size_)(int) = nullptr;
};

// The optimized kernels (default) and the reference ones.
lowering::LoweringOptions kernel_variant(bool reference) {
  lowering::LoweringOptions options;
  options.kernels.reference = reference;
  return options;
}

CModel generate(const ir::Graph& graph, const lowering::MemoryPlanOptions& memory = {},
                const lowering::LoweringOptions& options = {}) {
  const lowering::LoweredGraph lowered = lowering::lower_graph(graph, "aot", options);
  return generate_c_model(lowered, lowering::plan_memory(lowered, memory), "model", graph.name);
}

// Seeded bytes that are valid values of every dtype (floats in [-2, 2]).
std::vector<Bytes> random_inputs(const ir::Graph& graph, uint32_t seed) {
  std::vector<Bytes> inputs;
  for (int32_t t : graph.inputs) {
    const ir::Tensor& x = graph.tensors[static_cast<size_t>(t)];
    Bytes b(static_cast<size_t>(x.num_bytes()));
    for (size_t i = 0; i < b.size(); ++i)
      b[i] = static_cast<uint8_t>((seed = seed * 1103515245u + 12345u) >> 16);
    if (x.dtype == ir::DType::Float32)
      for (size_t i = 0; i + 4 <= b.size(); i += 4) {
        const float f = static_cast<float>(static_cast<int>(b[i]) - 128) / 64.0f;
        std::memcpy(&b[i], &f, 4);
      }
    inputs.push_back(std::move(b));
  }
  return inputs;
}

TEST(AotOpZoo, CoversEveryKernelCall) {
  std::set<uint32_t> table;
#define MLONMCU_KERNEL_CALL(NAME, ...) table.insert(MLONMCU_OP_##NAME);
#define MLONMCU_KERNEL_CALL_PER_INPUT(NAME, ...) table.insert(MLONMCU_OP_##NAME);
#define MLONMCU_KERNEL_CALL_PER_OUTPUT(NAME, ...) table.insert(MLONMCU_OP_##NAME);
#include "runtime/ops/kernel_calls.def"
#undef MLONMCU_KERNEL_CALL
#undef MLONMCU_KERNEL_CALL_PER_INPUT
#undef MLONMCU_KERNEL_CALL_PER_OUTPUT
  // The zoo here, and the differential tests' cases (test_difftest runs them against TFLM),
  // two per variant as test_difftest runs them. Ops that may fold away at build time have a
  // run-time case variant of their own (BROADCAST_ARGS), so coverage does not hang on a seed.
  std::vector<ir::Graph> graphs = test::op_zoo();
  for (difftest::Case& c : difftest::make_cases(1, 2)) graphs.push_back(std::move(c.graph));
  std::set<uint32_t> lowered;
  for (const ir::Graph& g : graphs)
    for (bool reference : {false, true})
      for (const ops::LoweredOp& op : lowering::lower_graph(g, "aot", kernel_variant(reference)).ops)
        lowered.insert(op.opcode);
  for (uint32_t opcode : table)
    EXPECT_TRUE(lowered.count(opcode)) << "no zoo op or differential case lowers to opcode " << opcode;
}

TEST(AotOpZoo, EveryKernelCallRunsBitExactWithInterp) {
  int graph_index = 0;
  for (const ir::Graph& g : test::op_zoo()) {
    // Linear: no views, no in-place, so every RESHAPE is a real copy.
    for (const planner::Algorithm algorithm :
         {planner::Algorithm::Search, planner::Algorithm::Linear})
      for (bool reference : {false, true}) {
        lowering::MemoryPlanOptions memory;
        memory.algorithm = algorithm;
        LoadedModel aot(generate(g, memory, kernel_variant(reference)),
                        fmt::format("zoo{}_{}_{}", graph_index, static_cast<int>(algorithm),
                                    reference ? "ref" : "opt"));
        const interp::Blob blob =
            interp::lower_and_write_blob(g, kernel_variant(reference), memory);
        for (uint32_t seed : {1u, 2u, 3u}) {
          const auto inputs = random_inputs(g, seed);
          EXPECT_EQ(aot.run(inputs), interp::run_blob_in_process(blob, inputs))
              << g.name << " seed " << seed << (reference ? " reference kernels" : "");
        }
      }
    ++graph_index;
  }
}

TEST(AotCode, IsDeterministicAndNamesItsPrefix) {
  const ir::Graph g = test::op_zoo().front();
  const CModel a = generate(g), b = generate(g);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.header, b.header);
  const lowering::LoweredGraph lowered = lowering::lower_graph(g, "aot");
  const CModel kws = generate_c_model(lowered, lowering::plan_memory(lowered, {}), "kws", g.name);
  EXPECT_NE(kws.header.find("int kws_invoke(void);"), std::string::npos);
  EXPECT_EQ(kws.source.find("model_"), std::string::npos);
  for (const char* bad : {"", "1model", "my-model", "a b"})
    EXPECT_THROW(generate_c_model(lowered, lowering::plan_memory(lowered, {}), bad, g.name), Error)
        << bad;
}

// Filter layers call their variant's entry point (mlonmcu/kernels/variant.h), not the kernels'
// run-time dispatchers, so a model links only the inner loops it uses.
TEST(AotCode, CallsEachFilterLayersVariantDirectly) {
  int direct = 0;
  for (const ir::Graph& g : test::op_zoo()) {
    const std::string src = generate(g).source;
    for (const char* kernel : {"mlonmcu_conv2d_s8", "mlonmcu_conv2d_add_s8",
                               "mlonmcu_fully_connected_s8", "mlonmcu_depthwise_conv2d_s8"}) {
      EXPECT_EQ(src.find(std::string(kernel) + "("), std::string::npos) << g.name << ": " << kernel;
      for (size_t at = src.find(std::string(kernel) + "_with("); at != std::string::npos;
           at = src.find(std::string(kernel) + "_with(", at + 1), ++direct)
        EXPECT_EQ(src.compare(src.find('(', at) + 1, 8, "mlonmcu_"), 0) << g.name;
    }
  }
  EXPECT_GT(direct, 0);
}

// The export's kernel files follow calls made in internal headers (toycar's export on Cortex-M4
// once failed to link: isa/gemm_s16_paired.h calls mlonmcu_s16_mask_words of packing.c).
TEST(AotKernelFiles, FollowCallsOfInternalHeaders) {
  const KernelFiles files = kernel_files_for({"mlonmcu_gemm_s8_paired"});
  for (const char* source : {"gemm.c", "packing.c"})
    EXPECT_NE(std::find(files.sources.begin(), files.sources.end(), fs::path(source)),
              files.sources.end())
        << source;
}

class AotRealModel : public ::testing::TestWithParam<std::string> {};

TEST_P(AotRealModel, BitExactWithTflmAndWarningFreeWithGccAndClang) {
  const auto info = test::shared_model(GetParam());
  if (!info) GTEST_SKIP() << "no " << GetParam() << " in " << MLONMCU_SHARED_MODELS;
  const ir::Graph graph = frontends::load_model(info->model_file);
  const models::GoldenData golden = models::load_golden(*info, graph);
  ASSERT_TRUE(golden.exact_outputs.has_value());
  for (bool reference : {true, false}) {  // the optimized model last: clang compiles it below
    LoadedModel aot(generate(graph, {}, kernel_variant(reference)), GetParam());  // gcc -Werror
    for (size_t s = 0; s < golden.num_samples(); ++s)
      EXPECT_EQ(aot.run(golden.inputs[s]), (*golden.exact_outputs)[s])
          << "sample " << s << (reference ? " reference kernels" : "");
  }

  if (find_program("clang").empty())
    GTEST_SKIP() << "clang not installed (apt-get install -y clang)";
  const fs::path src = work_dir() / GetParam() / "model.c";
  std::vector<std::string> clang = {"clang", "-O1", "-I" + src.parent_path().string(),
                                    "-I" + (source_root() / "kernels" / "include").string()};
  clang.insert(clang.end(), kWarnings.begin(), kWarnings.end());
  clang.insert(clang.end(),
               {"-c", src.string(), "-o", (work_dir() / GetParam() / "clang.o").string()});
  EXPECT_NO_THROW(run_or_fail(clang));
}

INSTANTIATE_TEST_SUITE_P(MlperfTiny, AotRealModel,
                         ::testing::Values("aww", "vww", "resnet", "toycar", "sine_model"));

}  // namespace
}  // namespace mlonmcu::backends::aot
