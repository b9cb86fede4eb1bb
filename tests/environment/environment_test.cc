// Environments: init creates the tree and environment.yml, load reads it back, find_home's order.
#include "environment/environment.h"

#include <gtest/gtest.h>

#include "expect_error.h"
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/error.h"

namespace mlonmcu::environment {
namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

using mlonmcu::test_support::error_of;

// Each test gets a fresh directory and its own HOME / MLONMCU_HOME, restored afterwards.
class EnvironmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() / ("mlonmcu_env_test_" + std::to_string(getpid())) / info->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "user");
    save("HOME", saved_home_);
    save("MLONMCU_HOME", saved_mlonmcu_home_);
    setenv("HOME", (root_ / "user").c_str(), 1);
    unsetenv("MLONMCU_HOME");
  }
  void TearDown() override {
    restore("HOME", saved_home_);
    restore("MLONMCU_HOME", saved_mlonmcu_home_);
    fs::remove_all(root_);
  }
  static void save(const char* name, std::optional<std::string>& slot) {
    const char* v = std::getenv(name);
    if (v != nullptr) slot = v;
  }
  static void restore(const char* name, const std::optional<std::string>& slot) {
    if (slot) {
      setenv(name, slot->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  fs::path root_;
  std::optional<std::string> saved_home_;
  std::optional<std::string> saved_mlonmcu_home_;
};

TEST_F(EnvironmentTest, InitCreatesTreeAndFileThatLoadsBack) {
  const fs::path home = root_ / "env";
  const Environment env = init_environment(home, {});
  EXPECT_EQ(env.home, home);
  EXPECT_EQ(env.name, "default");
  for (const fs::path& dir : {home / "deps", home / "temp" / "sessions", home / "results", home / "models"}) {
    EXPECT_TRUE(fs::is_directory(dir)) << dir;
  }
  ASSERT_TRUE(fs::is_regular_file(home / "environment.yml"));
  // Model directories inside the home are stored relative to it (the environment can move).
  const std::string text = read_file(home / "environment.yml");
  EXPECT_NE(text.find("- models"), std::string::npos) << text;
  EXPECT_EQ(text.find(home.string()), std::string::npos) << text;

  const Environment loaded = load_environment(home);
  EXPECT_EQ(loaded.name, "default");
  ASSERT_EQ(loaded.model_dirs.size(), 1u);
  EXPECT_EQ(loaded.model_dirs[0], home / "models");
  EXPECT_TRUE(loaded.default_configs.empty());
  EXPECT_EQ(loaded.sessions_dir(), home / "temp" / "sessions");
}

TEST_F(EnvironmentTest, InitWithNamedModelDirsAndRelativeHome) {
  fs::create_directories(root_ / "zoo1");
  fs::create_directories(root_ / "zoo2");
  InitOptions options;
  options.name = "lab";
  options.model_dirs = {root_ / "zoo1", root_ / "zoo2"};
  init_environment(root_ / "x" / ".." / "env", options);
  const Environment loaded = load_environment(root_ / "env");
  EXPECT_EQ(loaded.name, "lab");
  EXPECT_EQ(loaded.home, root_ / "env");
  const std::vector<fs::path> expected = {root_ / "zoo1", root_ / "zoo2"};
  EXPECT_EQ(loaded.model_dirs, expected);
  EXPECT_FALSE(fs::exists(root_ / "env" / "models"));  // not asked for
}

TEST_F(EnvironmentTest, InitRefusesToOverwriteUnlessAsked) {
  const fs::path home = root_ / "env";
  init_environment(home, {});
  const std::string m = error_of(ErrorKind::Usage, [&] { init_environment(home, {}); });
  EXPECT_NE(m.find("--force"), std::string::npos) << m;
  InitOptions options;
  options.overwrite = true;
  options.name = "second";
  init_environment(home, options);
  EXPECT_EQ(load_environment(home).name, "second");
}

TEST_F(EnvironmentTest, InitRejectsMissingModelDirAndFileAsHome) {
  InitOptions options;
  options.model_dirs = {root_ / "no_such_dir"};
  std::string m = error_of(ErrorKind::Usage, [&] { init_environment(root_ / "env", options); });
  EXPECT_NE(m.find("no_such_dir"), std::string::npos) << m;
  EXPECT_FALSE(fs::exists(root_ / "env" / "environment.yml"));
  write_file(root_ / "plainfile", "x");
  error_of(ErrorKind::Usage, [&] { init_environment(root_ / "plainfile", {}); });
}

TEST_F(EnvironmentTest, LoadReadsHandWrittenFile) {
  const fs::path home = root_ / "env";
  fs::create_directories(root_ / "user" / "zoo");
  write_file(home / "environment.yml",
             "name: mine\n"
             "paths:\n"
             "  models: [models, ~/zoo, /abs/zoo]\n"
             "config:\n"
             "  - interp.arena_size=4096\n"
             "  - riscv.timeout=10\n");
  const Environment env = load_environment(home);
  EXPECT_EQ(env.name, "mine");
  const std::vector<fs::path> dirs = {home / "models", root_ / "user" / "zoo", "/abs/zoo"};
  EXPECT_EQ(env.model_dirs, dirs);
  const std::vector<std::string> configs = {"interp.arena_size=4096", "riscv.timeout=10"};
  EXPECT_EQ(env.default_configs, configs);
}

TEST_F(EnvironmentTest, LoadAcceptsEmptyFileAndSingleModelDir) {
  write_file(root_ / "a" / "environment.yml", "");
  const Environment a = load_environment(root_ / "a");
  EXPECT_EQ(a.name, "a");
  ASSERT_EQ(a.model_dirs.size(), 1u);
  EXPECT_EQ(a.model_dirs[0], root_ / "a" / "models");
  write_file(root_ / "b" / "environment.yml", "paths:\n  models: zoo\n");
  EXPECT_EQ(load_environment(root_ / "b").model_dirs.at(0), root_ / "b" / "zoo");
}

TEST_F(EnvironmentTest, LoadErrorsAreClear) {
  std::string m = error_of(ErrorKind::Usage, [&] { load_environment(root_ / "nothing"); });
  EXPECT_NE(m.find("mlonmcu init"), std::string::npos) << m;
  fs::create_directories(root_ / "empty");
  m = error_of(ErrorKind::Usage, [&] { load_environment(root_ / "empty"); });
  EXPECT_NE(m.find("environment.yml"), std::string::npos) << m;

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"name: [unclosed\n", "line"},
      {"- a\n- b\n", "mapping"},
      {"paths: 5\n", "paths"},
      {"paths:\n  models: {a: 1}\n", "paths.models"},
      {"paths:\n  deps: /elsewhere\n", "paths.deps"},
      {"config: [novalue]\n", "novalue"},
      {"config: {a: b}\n", "config"},
  };
  for (const auto& [text, expected] : bad) {
    write_file(root_ / "bad" / "environment.yml", text);
    m = error_of(ErrorKind::Config, [&] { load_environment(root_ / "bad"); });
    EXPECT_NE(m.find(expected), std::string::npos) << text << " -> " << m;
    EXPECT_NE(m.find("environment.yml"), std::string::npos) << m;
  }
}

TEST_F(EnvironmentTest, FindHomeOrder) {
  const fs::path user = root_ / "user";
  // Nothing anywhere: a Usage error that says how to create one.
  std::string m = error_of(ErrorKind::Usage, [&] { find_home(std::nullopt); });
  EXPECT_NE(m.find("mlonmcu init"), std::string::npos) << m;

  // ~/mlonmcu is the last resort.
  init_environment(user / "mlonmcu", {});
  EXPECT_EQ(find_home(std::nullopt), user / "mlonmcu");

  // The default-home file beats it, but only when it points to an environment.
  write_file(user / ".config" / "mlonmcu" / "default-home", (root_ / "chosen").string() + "\n");
  EXPECT_EQ(find_home(std::nullopt), user / "mlonmcu");
  init_environment(root_ / "chosen", {});
  EXPECT_EQ(find_home(std::nullopt), root_ / "chosen");

  // MLONMCU_HOME beats the user's default; --home beats everything (taken as given).
  setenv("MLONMCU_HOME", (root_ / "from_var").c_str(), 1);
  EXPECT_EQ(find_home(std::nullopt), root_ / "from_var");
  EXPECT_EQ(find_home(root_ / "from_cli"), root_ / "from_cli");
  // An empty MLONMCU_HOME counts as unset.
  setenv("MLONMCU_HOME", "", 1);
  EXPECT_EQ(find_home(std::nullopt), root_ / "chosen");
}

}  // namespace
}  // namespace mlonmcu::environment
