// Shared by the tests of the external-framework backends (tflmi, TVM): a private environment
// home per test whose deps/ links to one directory of the build dir, so a framework's libraries
// (and tvmc's archives) are built once per build dir; the main row of a run; whether a target's
// tools are installed.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "config/config.h"
#include "session/config_registry.h"
#include "session/session.h"
#include "targets/target.h"

namespace mlonmcu::test_support {

namespace fs = std::filesystem;

inline bool target_ready(const std::string& name, bool with_cxx = false) {
  const config::Config cfg = config::Config::parse(session::config_registry(), {});
  for (const auto& tool : targets::make_target(name)->tools(cfg))
    if (!tool.found && (with_cxx || !tool.optional)) return false;
  return true;
}

class SharedDepsHome : public ::testing::Test {
 protected:
  // Call from SetUp: home_ is empty but for deps/ -> <test cache dir>/<framework>_deps.
  void make_home(const std::string& framework) {
    home_ = fs::temp_directory_path() / ("mlonmcu_" + framework + "_test_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(home_);
    fs::create_directories(home_);
    const fs::path shared_deps = fs::path(MLONMCU_TEST_CACHE_DIR) / (framework + "_deps");
    fs::create_directories(shared_deps);
    fs::create_directory_symlink(shared_deps, home_ / "deps");
  }
  void TearDown() override { fs::remove_all(home_); }  // removes the link, not the libraries

  fs::path home_;
};

// The run's own row (not a layer row) whose columns have the given values.
inline const report::Report::Row& main_row(const session::SessionResult& r,
                                           const std::map<std::string, std::string>& where) {
  for (const auto& row : r.report.rows()) {
    if (row.count("Sub") && !row.at("Sub").empty()) continue;
    bool all = true;
    for (const auto& [column, value] : where) all = all && row.count(column) && row.at(column) == value;
    if (all) return row;
  }
  std::string what;
  for (const auto& [column, value] : where) what += " " + column + "=" + value;
  throw std::runtime_error("no row with" + what);
}

}  // namespace mlonmcu::test_support
