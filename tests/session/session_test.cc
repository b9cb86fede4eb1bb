// Whole sessions through the real pipeline (frontend → interp backend → MLIF → host target →
// validate → report), on the real MLPerf Tiny models and on bad input.
#include "session/session.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/error.h"
#include "environment/environment.h"
#include "expect_error.h"
#include "modelbuilder/builder.h"
#include "modelbuilder/tflite_writer.h"

namespace mlonmcu::session {
namespace {

namespace fs = std::filesystem;

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = fs::temp_directory_path() /
            ("mlonmcu_session_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(home_);
    user_models_ = home_ / "user_models";
    fs::create_directories(user_models_);
  }
  void TearDown() override { fs::remove_all(home_); }

  environment::Environment make_env(std::vector<fs::path> model_dirs) {
    environment::InitOptions options;
    options.model_dirs = std::move(model_dirs);
    return environment::init_environment(home_ / "env", options);
  }

  const report::Report::Row& row_of(const SessionResult& r, const std::string& model) {
    for (const auto& row : r.report.rows())
      if (row.at("Model") == model && (!row.count("Sub") || row.at("Sub").empty())) return row;
    throw std::runtime_error("no row for " + model);
  }

  fs::path home_;
  fs::path user_models_;
};

TEST_F(SessionTest, RealModelsValidateOnHost) {
  if (!fs::exists(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no shared models";
  const auto env = make_env({MLONMCU_SHARED_MODELS});
  SessionSpec spec;
  spec.models = {"aww", "vww", "resnet", "toycar", "sine_model"};
  spec.backends = {"interp"};
  spec.targets = {"host_x86"};
  spec.features = {"validate"};
  spec.parallel = 2;
  spec.progress = false;
  const SessionResult r = run_session(env, spec);
  ASSERT_EQ(r.report.rows().size(), 5u);
  for (const auto& row : r.report.rows()) {
    EXPECT_EQ(row.at("Failing"), "false") << row.at("Model") << ": " << (row.count("Reason") ? row.at("Reason") : "");
    EXPECT_EQ(row.at("Validation"), "true") << row.at("Model");
    EXPECT_GT(std::stoll(row.at("Total ROM")), 0);
    EXPECT_GT(std::stoll(row.at("Workspace Size [B]")), 0);
  }
  EXPECT_TRUE(r.all_ok);
  EXPECT_TRUE(fs::exists(r.report_csv));
  EXPECT_TRUE(fs::exists(r.dir / "report.json"));
  EXPECT_TRUE(fs::exists(r.dir / "report.md"));
  EXPECT_TRUE(fs::exists(r.dir / "runs" / "0" / "build" / "model_interp.c"));
}

TEST_F(SessionTest, UnknownConfigKeyFailsBeforeAnyRun) {
  const auto env = make_env({user_models_});
  SessionSpec spec;
  spec.models = {"whatever"};
  spec.configs = {"interp.arena_sise=10"};
  const std::string message = test_support::error_of(ErrorKind::Config, [&] { run_session(env, spec); });
  EXPECT_NE(message.find("interp.arena_sise"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(env.sessions_dir()) && !fs::is_empty(env.sessions_dir()));
}

TEST_F(SessionTest, CorruptModelIsAFailedRunWithReason) {
  const fs::path model = user_models_ / "broken.tflite";
  std::ofstream(model, std::ios::binary) << "TFL3 this is not a flatbuffer";
  const auto env = make_env({user_models_});
  SessionSpec spec;
  spec.models = {model.string()};
  spec.progress = false;
  const SessionResult r = run_session(env, spec);
  ASSERT_EQ(r.report.rows().size(), 1u);
  const auto& row = r.report.rows().front();
  EXPECT_EQ(row.at("Failing"), "true");
  EXPECT_NE(row.at("Reason").find("LOAD"), std::string::npos) << row.at("Reason");
  EXPECT_FALSE(r.all_ok);
  EXPECT_TRUE(fs::exists(r.report_csv));
}

TEST_F(SessionTest, UnsupportedOptionFailsLoadNamingOpOptionAndBackend) {
  // A valid TFLite model whose conv has a fused TANH, which TFLite-Micro's int8 conv rejects too.
  modelbuilder::GraphBuilder b("tanh_conv");
  const int32_t x = b.input("x", ir::DType::Int8, {1, 8, 8, 2}, modelbuilder::per_tensor(0.05f, 0));
  b.add_output(b.conv2d(x, 4, 3, 3, 1, ir::Padding::Same, ir::Activation::Tanh));
  const fs::path model = user_models_ / "tanh_conv.tflite";
  modelbuilder::write_tflite_file(b.build(), model);
  const auto env = make_env({user_models_});
  SessionSpec spec;
  spec.models = {model.string()};
  spec.progress = false;
  const SessionResult r = run_session(env, spec);
  const auto& row = r.report.rows().front();
  EXPECT_EQ(row.at("Failing"), "true");
  const std::string reason = row.at("Reason");
  for (const char* word : {"LOAD", "interp", "CONV_2D", "TANH"})
    EXPECT_NE(reason.find(word), std::string::npos) << word << " in: " << reason;
}

TEST_F(SessionTest, FailingRunDoesNotStopTheOthers) {
  if (!fs::exists(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no shared models";
  const fs::path broken = user_models_ / "empty.tflite";
  std::ofstream(broken, std::ios::binary).flush();
  const auto env = make_env({MLONMCU_SHARED_MODELS, user_models_});
  SessionSpec spec;
  spec.models = {broken.string(), "toycar"};
  spec.features = {"validate"};
  spec.progress = false;
  const SessionResult r = run_session(env, spec);
  ASSERT_EQ(r.report.rows().size(), 2u);
  EXPECT_EQ(row_of(r, "empty").at("Failing"), "true");
  EXPECT_EQ(row_of(r, "toycar").at("Failing"), "false");
  EXPECT_EQ(row_of(r, "toycar").at("Validation"), "true");
  EXPECT_FALSE(r.all_ok);
}

}  // namespace
}  // namespace mlonmcu::session
