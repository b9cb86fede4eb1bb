// The TVM backends (tvmaot, tvmaotplus, tvmrt) on real microTVM output: the MLF archives TVM
// v0.17.0's tvmc made (../shared/third_party/tvm_mlf) and the real tvmc of the TVM build in
// ../shared/third_party/tvm, unpacked once per build dir. Compiled libraries and cached task
// outputs are shared by the archive tests in one deps/ under the build dir. Every bad input (foreign,
// corrupt or unsafe archive, missing, failing or hanging tvmc) is one clear Reason; those tests
// use the project's demo models and need nothing from ../shared.
#include <unistd.h>

#include <fstream>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backends/framework_test_home.h"
#include "backends/tvm/tvm_variants.h"
#include "common/error.h"
#include "common/process.h"
#include "environment/environment.h"
#include "modelbuilder/demo_models.h"
#include "session/config_registry.h"
#include "session/session.h"
#include "targets/target.h"

namespace mlonmcu::backends {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using Row = report::Report::Row;

using test_support::target_ready;

// The TVM build of ../shared, unpacked once per test cache dir (beside, then renamed: tests run in
// parallel). Empty with the reason in `why` when it cannot be had or its tvmc does not start.
fs::path unpacked_tvm(std::string& why) {
  const fs::path tarball = fs::path(MLONMCU_SHARED_TVM) / "tvm-0.17.0-debian12-x86_64.tar.xz";
  const fs::path dir = fs::path(MLONMCU_TEST_CACHE_DIR) / "tvm-0.17.0";
  if (!fs::exists(dir / "tvm" / "python" / "tvm")) {
    if (!fs::exists(tarball)) {
      why = "no TVM build at " + tarball.string();
      return {};
    }
    const fs::path temp = dir.string() + ".tmp." + std::to_string(::getpid());
    fs::remove_all(temp);
    fs::create_directories(temp);
    const ProcessResult r = run_process({"tar", "-xJf", tarball.string(), "-C", temp.string()});
    if (!r.ok()) {
      why = "cannot unpack " + tarball.string() + ": " + r.err;
      return {};
    }
    std::error_code ec;
    fs::rename(temp, dir, ec);
    if (ec) fs::remove_all(temp);  // another test unpacked it first
  }
  const ProcessResult version = run_process({"/usr/bin/env", "PYTHONPATH=" + (dir / "tvm" / "python").string() + ":" + dir.string(),
                                             "/usr/bin/python3", "-m", "tvm.driver.tvmc", "--version"});
  if (!version.ok()) {
    why = "tvmc of " + dir.string() + " does not start (Python packages of its README missing?): " + version.err;
    return {};
  }
  return dir;
}

class TvmTest : public test_support::SharedDepsHome {
 protected:
  void SetUp() override { make_home("tvm"); }

  // An environment on ../shared/models, or on the demo models (written into the home).
  environment::Environment make_env(bool shared_models, std::vector<std::string> configs) {
    environment::InitOptions options;
    options.overwrite = true;  // several sessions per test
    if (shared_models) {
      options.model_dirs = {MLONMCU_SHARED_MODELS};
    } else {
      modelbuilder::write_demo_models(home_ / "demo");
      options.model_dirs = {home_ / "demo"};
    }
    environment::Environment env = environment::init_environment(home_, options);
    env.default_configs = std::move(configs);
    return env;
  }

  static session::SessionResult run(const environment::Environment& env, std::vector<std::string> models,
                                    std::vector<std::string> backends, std::vector<std::string> targets,
                                    std::vector<std::string> features, std::vector<std::string> configs = {}) {
    session::SessionSpec spec;
    spec.models = std::move(models);
    spec.backends = std::move(backends);
    spec.targets = std::move(targets);
    spec.features = std::move(features);
    spec.configs = std::move(configs);
    spec.parallel = 2;
    spec.progress = false;
    return session::run_session(env, spec);
  }

  static const Row& row(const session::SessionResult& r, const std::string& model, const std::string& backend,
                        const std::string& target) {
    return test_support::main_row(r, {{"Model", model}, {"Backend", backend}, {"Target", target}});
  }

  static std::string text_of(const fs::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  // The Reason of a one-run session of the demo autoencoder.
  std::string reason(const std::vector<std::string>& configs, const std::string& backend = "tvmaotplus") {
    const auto env = make_env(false, configs);
    const auto r = run(env, {"demo_autoencoder"}, {backend}, {"host_x86"}, {});
    const Row& only = row(r, "demo_autoencoder", backend, "host_x86");
    EXPECT_EQ(only.at("Failing"), "true");
    return only.count("Reason") ? only.at("Reason") : "";
  }

  // A tar file made by tar(1) from `files` (relative names under dir).
  static fs::path make_tar(const fs::path& dir, const std::vector<std::string>& files, const fs::path& out,
                           bool keep_dotdot = false) {
    std::vector<std::string> argv = {"tar", keep_dotdot ? "-cPf" : "-cf", out.string(), "-C", dir.string()};
    argv.insert(argv.end(), files.begin(), files.end());
    const ProcessResult r = run_process(argv);
    EXPECT_TRUE(r.ok()) << r.err;
    return out;
  }
};

const std::string kMlfDir = std::string("tvm.mlf_dir=") + MLONMCU_SHARED_TVM_MLF;

#define SKIP_WITHOUT_ARCHIVES()                                                             \
  do {                                                                                      \
    if (!fs::exists(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no " MLONMCU_SHARED_MODELS;    \
    if (!fs::exists(MLONMCU_SHARED_TVM_MLF)) GTEST_SKIP() << "no MLF archives at " MLONMCU_SHARED_TVM_MLF; \
  } while (0)

TEST_F(TvmTest, ArchivesOfAllThreeBackendsRunAwwOnHostAndCortexM4) {
  SKIP_WITHOUT_ARCHIVES();
  std::vector<std::string> targets = {"host_x86"};
  if (target_ready("cm4_qemu")) targets.push_back("cm4_qemu");
  const auto env = make_env(true, {kMlfDir});
  // Layer rows where instructions are counted (the host would need callgrind).
  const std::vector<std::string> backends = {"tvmaot", "tvmaotplus", "tvmrt"};
  const auto host = run(env, {"aww"}, backends, {"host_x86"}, {"validate"});
  const auto m4 = targets.size() > 1 ? run(env, {"aww"}, backends, {"cm4_qemu"}, {"validate", "layer_profile"}) : host;
  // The workspaces of the archives' metadata.json (tvm_mlf/README.md): with USMP 56,192 B.
  const std::map<std::string, std::string> workspace = {{"tvmaot", "105360"}, {"tvmaotplus", "56192"}, {"tvmrt", "105348"}};
  for (const auto& target : targets) {
    const auto& r = target == "host_x86" ? host : m4;
    for (const auto& [backend, bytes] : workspace) {
      const Row& x = row(r, "aww", backend, target);
      ASSERT_EQ(x.at("Failing"), "false") << backend << " on " << target << ": " << x.at("Reason");
      EXPECT_EQ(x.at("Framework"), "tvm");
      EXPECT_EQ(x.at("Workspace Size [B]"), bytes) << backend;
      // TVM rounds differently from TFLite-Micro; as the archives' README found on the host:
      // 6 of 10 samples bit-exact, at most 13 LSB off, the same top-1 class.
      EXPECT_EQ(x.at("Validation"), "true") << backend;
      EXPECT_EQ(x.at("Validation Exact"), "6/10") << backend;
      EXPECT_EQ(x.at("Validation Max Diff"), "13") << backend;
      EXPECT_EQ(x.at("Validation Top-1"), "true") << backend;
      EXPECT_THAT(text_of(r.dir / "runs" / x.at("Run") / "build" / "tvm.txt"), HasSubstr("source MLF archive"));
    }
  }
  if (targets.size() == 1) return;
  // Cortex-M4 count of the independent measurement (issue 13): tvmaotplus 21.94 M, within 3 %.
  const Row& plus = row(m4, "aww", "tvmaotplus", "cm4_qemu");
  const double run_m4 = std::stod(plus.at("Run Instructions"));
  EXPECT_NEAR(run_m4, 21.94e6, 0.03 * 21.94e6);
  // ROM: the constant pool (53,296 B of int16 weights) is read-only data; TVM's CRT comes in
  // only without USMP.
  EXPECT_GT(std::stoll(plus.at("ROM read-only")), 53296);
  EXPECT_GT(std::stoll(row(m4, "aww", "tvmaot", "cm4_qemu").at("ROM code")), std::stoll(plus.at("ROM code")));
  // One layer row per operator call (14 in __tvm_main__, and the graph's 14 nodes), together
  // nearly the whole inference.
  for (const char* backend : {"tvmaotplus", "tvmrt"}) {
    const double total = std::stod(row(m4, "aww", backend, "cm4_qemu").at("Run Instructions"));
    int64_t layers = 0, sum = 0;
    for (const auto& l : m4.report.rows())
      if (l.at("Backend") == backend && l.at("Target") == "cm4_qemu" && l.count("Sub") && !l.at("Sub").empty()) {
        ++layers;
        sum += std::stoll(l.at("Run Instructions"));
      }
    EXPECT_EQ(layers, 14) << backend;
    EXPECT_GT(sum, total * 0.98) << backend;
    EXPECT_LE(sum, total) << backend;
  }
}

TEST_F(TvmTest, TvmcOfTheTvmBuildCompilesToycarAndAwwThenTheyRun) {
  if (!fs::exists(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no " MLONMCU_SHARED_MODELS;
  std::string why;
  const fs::path tvm = unpacked_tvm(why);
  if (tvm.empty()) GTEST_SKIP() << why;
  const std::vector<std::string> tvmc = {"tvm.python=/usr/bin/python3",
                                         "tvm.pythonpath=" + (tvm / "tvm" / "python").string() + ":" + tvm.string()};
  // A deps/ of its own: the shared one's session cache would hold the BUILDs of an earlier test
  // run, and tvmc would not run at all.
  fs::remove(home_ / "deps");
  fs::create_directory(home_ / "deps");
  const auto env = make_env(true, tvmc);
  // The graph executor's CRT comes from the TVM build (its MLF carries none).
  const auto toycar = run(env, {"toycar"}, {"tvmaotplus", "tvmrt"}, {"host_x86"}, {"validate"}, {"tvm.timeout=300"});
  const auto aww = run(env, {"aww"}, {"tvmaotplus"}, {"host_x86"}, {"validate"}, {"tvm.timeout=300"});
  for (const auto* r : {&toycar, &aww})
    for (const auto& x : r->report.rows()) {
      ASSERT_EQ(x.at("Failing"), "false") << x.at("Model") << "/" << x.at("Backend") << ": " << x.at("Reason");
      EXPECT_EQ(x.at("Validation"), "true");
      const fs::path build = r->dir / "runs" / x.at("Run") / "build";
      EXPECT_THAT(text_of(build / "tvm.txt"), HasSubstr("source tvmc (tvm.python=/usr/bin/python3)"));
      EXPECT_THAT(text_of(build / "tvmc.log"), HasSubstr("-m tvm.driver.tvmc compile"));
    }
  // tvmc's own output is what the shared archives hold: the same workspaces.
  EXPECT_EQ(row(toycar, "toycar", "tvmaotplus", "host_x86").at("Workspace Size [B]"), "1568");
  EXPECT_EQ(row(toycar, "toycar", "tvmrt", "host_x86").at("Workspace Size [B]"), "1968");
  EXPECT_EQ(row(aww, "aww", "tvmaotplus", "host_x86").at("Workspace Size [B]"), "56192");

  // Compiled once: another target in another session takes the BUILD from the session cache,
  // without starting tvmc (run through env, which sets its PYTHONPATH).
  EXPECT_EQ(aww.programs.count("env"), 1u);
  const std::string target = target_ready("cm4_qemu") ? "cm4_qemu" : "host_x86";
  const auto again = run(env, {"aww"}, {"tvmaotplus"}, {target}, {"validate"}, {"tvm.timeout=300"});
  const Row& x = row(again, "aww", "tvmaotplus", target);
  ASSERT_EQ(x.at("Failing"), "false") << x.at("Reason");
  EXPECT_EQ(again.stats.at(session::TaskKind::Build).reused, 1);
  EXPECT_EQ(again.programs.count("env"), 0u);
  EXPECT_THAT(text_of(again.dir / "runs" / x.at("Run") / "build" / "tvmc.log"), HasSubstr("-m tvm.driver.tvmc compile"));
}

// ---- bad input: one clear Reason each (demo models, nothing from ../shared) ----

TEST_F(TvmTest, WithoutTvmcOrArchivesLoadSaysHowToGetTvm) {
  const std::string why = reason({});
  EXPECT_THAT(why, StartsWith("LOAD: tvmaotplus needs TVM: no tvmc configured (tvm.tvmc or tvm.python) and no MLF "
                              "archive for demo_autoencoder (looked for "));
  EXPECT_THAT(why, HasSubstr("demo_autoencoder/tvmaotplus.tar"));
  EXPECT_THAT(why, HasSubstr("git clone --branch v0.17.0"));
}

TEST_F(TvmTest, MissingFailingOrHangingTvmc) {
  EXPECT_THAT(reason({"tvm.tvmc=/nonexistent/tvmc"}), StartsWith("LOAD: tvm.tvmc=/nonexistent/tvmc: '/nonexistent/tvmc' not found"));
  EXPECT_THAT(reason({"tvm.python=/nonexistent/python3"}), StartsWith("LOAD: tvm.python=/nonexistent/python3: "));
  const fs::path script = home_ / "tvmc.sh";
  std::ofstream(script) << "#!/bin/sh\necho 'ValueError: no such operator' >&2\nexit 3\n";
  fs::permissions(script, fs::perms::owner_all);
  EXPECT_EQ(reason({"tvm.tvmc=" + script.string()}),
            "BUILD: tvmc compile failed (exit code 3; tvm.tvmc=" + script.string() + "): ValueError: no such operator");
  EXPECT_THAT(reason({"tvm.tvmc=true"}), StartsWith("BUILD: tvmc compile wrote no tvmaotplus.tar"));
  std::ofstream(script) << "#!/bin/sh\nsleep 30\n";
  EXPECT_THAT(reason({"tvm.tvmc=" + script.string(), "tvm.timeout=1"}),
              StartsWith("BUILD: tvmc compile timed out after 1 s (tvm.timeout; log: "));
}

TEST_F(TvmTest, CorruptForeignOrUnsafeArchive) {
  const fs::path junk = home_ / "junk.tar";
  std::ofstream(junk) << "this is no tar file, but long enough to be read as one: " << std::string(600, 'x');
  EXPECT_THAT(reason({"tvmaotplus.mlf=" + junk.string()}), StartsWith("BUILD: MLF archive " + junk.string() + ": not a tar archive"));

  // A tar, but no MLF: no metadata.json.
  fs::create_directories(home_ / "foreign" / "src");
  std::ofstream(home_ / "foreign" / "src" / "main.c") << "int main(void) { return 0; }\n";
  const fs::path foreign = make_tar(home_ / "foreign", {"src"}, home_ / "foreign.tar");
  EXPECT_EQ(reason({"tvmaotplus.mlf=" + foreign.string()}),
            "BUILD: MLF " + foreign.string() + ": no metadata.json (not a Model Library Format archive of tvmc)");

  // An entry that points outside the directory it is unpacked into.
  fs::create_directories(home_ / "unsafe" / "inner");
  std::ofstream(home_ / "unsafe" / "evil.c") << "\n";
  const fs::path unsafe = make_tar(home_ / "unsafe" / "inner", {"../evil.c"}, home_ / "unsafe.tar", true);
  EXPECT_EQ(reason({"tvmaotplus.mlf=" + unsafe.string()}),
            "BUILD: MLF archive " + unsafe.string() + ": entry '../evil.c' points outside the archive");

  // An archive made earlier cannot follow settings that change what tvmc generates.
  EXPECT_THAT(reason({"tvmaotplus.mlf=" + foreign.string(), "tvmaotplus.usmp_algo=greedy_by_size"}),
              StartsWith("LOAD: tvmaotplus.usmp_algo=greedy_by_size changes what tvmc generates, but tvmaotplus uses "
                         "the MLF archive " + foreign.string() + " as it was compiled"));
}

TEST_F(TvmTest, ArchiveOfAnotherModelOrBackendOrTruncated) {
  SKIP_WITHOUT_ARCHIVES();
  const fs::path mlf = MLONMCU_SHARED_TVM_MLF;
  const auto env = make_env(true, {});
  auto toycar_reason = [&](const std::string& backend, const fs::path& archive) {
    const auto r = run(env, {"toycar"}, {backend}, {"host_x86"}, {}, {backend + ".mlf=" + archive.string()});
    return row(r, "toycar", backend, "host_x86").at("Reason");
  };
  EXPECT_EQ(toycar_reason("tvmaotplus", mlf / "aww" / "tvmaot_usmp.tar"),
            "BUILD: MLF " + (mlf / "aww" / "tvmaot_usmp.tar").string() +
                ": input 0 (input_1) has 490 bytes, the model's has 640: not compiled from this model");
  EXPECT_THAT(toycar_reason("tvmaotplus", mlf / "toycar" / "tvmaot.tar"),
              HasSubstr("was compiled without USMP (tir.usmp.enable=0), backend 'tvmaotplus' needs it with: use it "
                        "with tvmaot"));
  EXPECT_THAT(toycar_reason("tvmaot", mlf / "toycar" / "tvmrt.tar"),
              HasSubstr("is for TVM's graph executor, backend 'tvmaot' runs the aot executor"));
  // The first half of a real archive.
  const fs::path half = home_ / "half.tar";
  {
    std::ifstream in(mlf / "toycar" / "tvmaot_usmp.tar", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(half, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  EXPECT_THAT(toycar_reason("tvmaotplus", half), HasSubstr("is truncated or corrupt"));
}

// tvmc's options are those of the commands that made the shared archives (tvm_mlf/README.md),
// compared as option/value pairs; MLonMCU's configs change exactly their own options.
TEST(TvmcOptions, DefaultsAreTheArchivesCommandsAndConfigsChangeThem) {
  using Pairs = std::multiset<std::pair<std::string, std::string>>;
  auto pairs = [](const std::vector<std::string>& words) {
    Pairs out;
    for (size_t i = 0; i + 1 < words.size(); i += 2) out.insert({words[i], words[i + 1]});
    return out;
  };
  auto options = [](const std::string& backend, std::vector<std::string> configs) {
    return tvm::tvmc_options(tvm::variant(backend), config::Config::parse(session::config_registry(), configs));
  };
  const Pairs common = {{"--target", "c"}, {"--runtime", "crt"}, {"--pass-config", "tir.disable_vectorize=1"},
                        {"--opt-level", "3"}, {"--model-format", "tflite"}};
  const Pairs aot = {{"--executor", "aot"}, {"--runtime-crt-system-lib", "0"}, {"--executor-aot-unpacked-api", "1"},
                     {"--executor-aot-interface-api", "c"}, {"--target-c-constants-byte-alignment", "16"},
                     {"--target-c-workspace-byte-alignment", "16"}};
  auto join = [](Pairs a, const Pairs& b, const Pairs& c) {
    a.insert(b.begin(), b.end());
    a.insert(c.begin(), c.end());
    return a;
  };
  EXPECT_EQ(pairs(options("tvmaotplus", {})),
            join(common, aot, {{"--pass-config", "tir.usmp.enable=1"}, {"--pass-config", "tir.usmp.algorithm=hill_climb"}}));
  EXPECT_EQ(pairs(options("tvmaot", {})), join(common, aot, {{"--pass-config", "tir.usmp.enable=0"}}));
  EXPECT_EQ(pairs(options("tvmrt", {})),
            join(common, {{"--executor", "graph"}}, {{"--runtime-crt-system-lib", "1"}, {"--executor-graph-link-params", "1"}}));

  const Pairs changed = pairs(options("tvmaotplus", {"tvmaotplus.opt_level=2", "tvmaotplus.usmp_algo=greedy_by_size",
                                                     "tvmaotplus.desired_layout=NCHW", "tvmaotplus.alignment_bytes=8",
                                                     "tvmaotplus.extra_pass_config=tir.a=1, relay.b=x"}));
  for (const auto& want : Pairs{{"--opt-level", "2"}, {"--pass-config", "tir.usmp.algorithm=greedy_by_size"},
                                {"--desired-layout", "NCHW"}, {"--target-c-workspace-byte-alignment", "8"},
                                {"--pass-config", "tir.a=1"}, {"--pass-config", "relay.b=x"}})
    EXPECT_EQ(changed.count(want), 1u) << want.first << " " << want.second;
  EXPECT_EQ(changed.count({"--opt-level", "3"}), 0u);
  EXPECT_THROW(options("tvmaot", {"tvmaot.extra_pass_config=novalue"}), Error);
}

}  // namespace
}  // namespace mlonmcu::backends
