// The tflmi backend on the TensorFlow Lite Micro checkout of ../shared/third_party: outputs equal
// TFLM's own golden outputs with reference and CMSIS-NN kernels, the arena is TFLM's own
// measurement on the target, and every missing piece is one clear Reason. Compiled TFLM
// libraries are shared by all tests (and kept between runs) in one deps/ under the build dir;
// the smallest model (toycar) proves each point, the four-model runs are in bench_models.
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backends/backend.h"
#include "backends/tflmi/tflmi_backend.h"
#include "backends/framework_test_home.h"
#include "common/error.h"
#include "environment/environment.h"
#include "frontends/frontend.h"
#include "session/config_registry.h"
#include "session/session.h"
#include "targets/target.h"

namespace mlonmcu::backends {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using test_support::target_ready;

class TflmiTest : public test_support::SharedDepsHome {
 protected:
  // One deps/ for every test: TFLM's libraries are built once per build dir.
  void SetUp() override { make_home("tflmi"); }

  environment::Environment make_env(const std::string& tflm_dir) {
    environment::InitOptions options;
    options.model_dirs = {MLONMCU_SHARED_MODELS};
    environment::Environment env = environment::init_environment(home_, options);
    if (!tflm_dir.empty()) env.default_configs = {"tflm.src_dir=" + tflm_dir};
    return env;
  }

  static session::SessionResult run(const environment::Environment& env, std::vector<std::string> backends,
                                    std::vector<std::string> targets, std::vector<std::string> features) {
    session::SessionSpec spec;
    spec.models = {"toycar"};
    spec.backends = std::move(backends);
    spec.targets = std::move(targets);
    spec.features = std::move(features);
    spec.parallel = 2;
    spec.progress = false;
    return session::run_session(env, spec);
  }

  static const report::Report::Row& row(const session::SessionResult& r, const std::string& backend,
                                        const std::string& target) {
    return test_support::main_row(r, {{"Backend", backend}, {"Target", target}});
  }

  static std::map<std::string, int64_t> arena_file(const session::SessionResult& r, const std::string& run) {
    std::ifstream in(r.dir / "runs" / run / "build" / "arena.txt");
    std::map<std::string, int64_t> values;
    std::string key;
    int64_t value = 0;
    while (in >> key >> value) values[key] = value;
    return values;
  }
};

#define SKIP_WITHOUT_SHARED()                                                                     \
  do {                                                                                            \
    if (!fs::exists(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no " MLONMCU_SHARED_MODELS;          \
    if (!fs::exists(MLONMCU_SHARED_TFLM)) GTEST_SKIP() << "no TFLite-Micro checkout at " MLONMCU_SHARED_TFLM; \
  } while (0)

TEST_F(TflmiTest, OutputsEqualTflmGoldenWithReferenceAndCmsisNnKernels) {
  SKIP_WITHOUT_SHARED();
  if (!target_ready("cm4_qemu", true)) GTEST_SKIP() << "cm4_qemu or its C++ library missing (mlonmcu setup)";
  const auto env = make_env(MLONMCU_SHARED_TFLM);

  // Reference kernels on the host and on Cortex-M4.
  const auto ref = run(env, {"tflmi"}, {"host_x86", "cm4_qemu"}, {"validate"});
  for (const char* t : {"host_x86", "cm4_qemu"}) {
    const auto& r = row(ref, "tflmi", t);
    ASSERT_EQ(r.at("Failing"), "false") << t << ": " << r.at("Reason");
    EXPECT_EQ(r.at("Validation"), "true") << t;
  }

  // With CMSIS-NN, next to the built-in interpreter, which ignores the feature.
  const auto cmsis = run(env, {"interp", "tflmi"}, {"cm4_qemu"}, {"validate", "cmsisnn", "layer_profile"});
  const auto& interp = row(cmsis, "interp", "cm4_qemu");
  const auto& tflmi = row(cmsis, "tflmi", "cm4_qemu");
  ASSERT_EQ(tflmi.at("Failing"), "false") << tflmi.at("Reason");
  ASSERT_EQ(interp.at("Failing"), "false") << interp.at("Reason");
  EXPECT_EQ(tflmi.at("Validation"), "true");
  EXPECT_EQ(interp.at("Validation"), "true");
  EXPECT_EQ(tflmi.at("Features"), "validate,cmsisnn,layer_profile");
  EXPECT_EQ(interp.at("Features"), "validate,layer_profile");
  // CMSIS-NN's DSP paths really are in: fewer instructions than TFLM's reference kernels.
  const int64_t ref_run = std::stoll(row(ref, "tflmi", "cm4_qemu").at("Run Instructions"));
  const int64_t cmsis_run = std::stoll(tflmi.at("Run Instructions"));
  EXPECT_LT(cmsis_run, ref_run * 9 / 10);

  // Per layer (op wrapping): one row per op, together nearly all of the inference.
  const ir::Graph graph = frontends::load_model(fs::path(MLONMCU_SHARED_MODELS) / "toycar" / "toycar.tflite");
  int64_t layers = 0, layer_sum = 0;
  for (const auto& r : cmsis.report.rows())
    if (r.at("Backend") == "tflmi" && r.count("Sub") && !r.at("Sub").empty()) {
      ++layers;
      layer_sum += std::stoll(r.at("Run Instructions"));
    }
  EXPECT_EQ(layers, static_cast<int64_t>(graph.ops.size()));
  EXPECT_GT(layer_sum, cmsis_run * 9 / 10);
  EXPECT_LE(layer_sum, cmsis_run);

  // The arena is TFLM's own arena_used_bytes() on the target: 2,580 B for toycar on Cortex-M4
  // with CMSIS-NN, as measured independently (../shared/docs/peers.md). The workspace reserved
  // is the smallest arena AllocateTensors accepts, which is more.
  const auto arena = arena_file(cmsis, tflmi.at("Run"));
  EXPECT_EQ(arena.at("arena_used_bytes"), 2580);
  EXPECT_EQ(std::stoll(tflmi.at("Workspace Size [B]")), arena.at("reserved"));
  EXPECT_GE(arena.at("needed"), arena.at("arena_used_bytes"));
  EXPECT_EQ(arena.at("needed") % 16, 0);
  // Measured once: a later session reuses the cached BUILD, the measured arena with it, so the
  // probe is not built again (only the program is, for its other features).
  const auto again = run(env, {"tflmi"}, {"cm4_qemu"}, {"cmsisnn"});
  const auto& second = row(again, "tflmi", "cm4_qemu");
  EXPECT_EQ(second.at("Workspace Size [B]"), tflmi.at("Workspace Size [B]"));
  EXPECT_EQ(again.stats.at(session::TaskKind::Build).reused, 1);
  EXPECT_EQ(again.stats.at(session::TaskKind::Build).ran, 0);
  // Struct sizes differ on the 64-bit host: measured there, not carried over.
  EXPECT_GT(std::stoll(row(ref, "tflmi", "host_x86").at("Workspace Size [B]")),
            std::stoll(row(ref, "tflmi", "cm4_qemu").at("Workspace Size [B]")));
}

TEST_F(TflmiTest, WithoutCheckoutLoadFailsWithSetupsMessage) {
  if (!fs::exists(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no " MLONMCU_SHARED_MODELS;
  const auto env = make_env("");
  const auto r = run(env, {"interp", "tflmi"}, {"host_x86"}, {"cmsisnn"});
  EXPECT_EQ(row(r, "interp", "host_x86").at("Failing"), "false");
  const auto& t = row(r, "tflmi", "host_x86");
  EXPECT_EQ(t.at("Failing"), "true");
  EXPECT_THAT(t.at("Reason"), StartsWith("LOAD: tflmi needs a TensorFlow Lite Micro checkout: tflm.src_dir is not set"));
  EXPECT_THAT(t.at("Reason"), HasSubstr("git clone https://github.com/tensorflow/tflite-micro"));
}

TEST_F(TflmiTest, CheckoutWithoutDownloadsNamesThem) {
  if (!fs::exists(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no " MLONMCU_SHARED_MODELS;
  const fs::path fake = home_ / "tflite-micro";
  fs::create_directories(fake / "tensorflow" / "lite" / "micro");
  std::ofstream(fake / "tensorflow" / "lite" / "micro" / "micro_interpreter.h") << "\n";
  const auto env = make_env(fake.string());
  const auto plain = run(env, {"tflmi"}, {"host_x86"}, {});
  EXPECT_THAT(row(plain, "tflmi", "host_x86").at("Reason"),
              HasSubstr("lacks its downloads flatbuffers, gemmlowp, ruy; get them with: cd " + fake.string() +
                        " && make -f tensorflow/lite/micro/tools/make/Makefile"));
  const auto cmsis = run(env, {"tflmi"}, {"host_x86"}, {"cmsisnn"});
  EXPECT_THAT(row(cmsis, "tflmi", "host_x86").at("Reason"), HasSubstr("ruy, CMSIS-NN (feature cmsisnn), CMSIS"));
}

TEST_F(TflmiTest, Rv32SaysWhyTflmiIsUnavailable) {
  SKIP_WITHOUT_SHARED();
  if (!target_ready("rv32_qemu", false)) GTEST_SKIP() << "rv32_qemu tools missing";
  const auto env = make_env(MLONMCU_SHARED_TFLM);
  const auto r = run(env, {"tflmi"}, {"rv32_qemu"}, {});
  const auto& t = row(r, "tflmi", "rv32_qemu");
  EXPECT_EQ(t.at("Failing"), "true");
  EXPECT_THAT(t.at("Reason"), StartsWith("BUILD: rv32_qemu: the program is C++ but Debian packages no C++ standard "
                                         "library for riscv64-unknown-elf"));
}

TEST(Tflmi, OpWithoutTflmKernelIsUnsupported) {
  ir::Graph graph;
  graph.tensors = {ir::Tensor{"x", ir::DType::Int8, {1, 4}, {}, {}}, ir::Tensor{"y", ir::DType::Int8, {1, 4}, {}, {}}};
  graph.ops = {ir::Operator{ir::OpType::Unknown, "MY_CUSTOM_OP", {0}, {1}, ir::NoOptions{}}};
  graph.inputs = {0};
  graph.outputs = {1};
  BuildContext ctx{config::Config::parse(session::config_registry(), {}), {}, "host_x86", "m.tflite", {}};
  try {
    TflmiBackend().check(graph, ctx);
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
    EXPECT_STREQ(e.what(), "backend 'tflmi' does not support MY_CUSTOM_OP");
  }
}

TEST(BackendFeatures, ABackendDropsOnlyTheBackendFeaturesItDoesNotUse) {
  const std::vector<std::string> features = {"validate", "cmsisnn", "layer_profile"};
  EXPECT_EQ(features_for_backend("tflmi", features), features);
  EXPECT_EQ(features_for_backend("interp", features), (std::vector<std::string>{"validate", "layer_profile"}));
  const auto known = session::known_features();
  ASSERT_TRUE(std::any_of(known.begin(), known.end(), [](const auto& f) { return f.name == "cmsisnn"; }));
  for (const auto& f : known) {
    if (f.name == "cmsisnn") {
      EXPECT_THAT(f.help, HasSubstr("backends: tflmi; ignored by the others"));
    }
  }
}

}  // namespace
}  // namespace mlonmcu::backends
