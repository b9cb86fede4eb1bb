// Prints, for the MLPerf Tiny models on the simulated targets, what a model costs on a
// microcontroller: Run Instructions per inference (exact, QEMU plugin), instructions per MAC,
// Total ROM, Total RAM, and the arena (workspace). Usage:
//   bench_models [--home ENV] [--models a,b] [--targets t1,t2] [--parallel N] [-c K=V ...]
// Without --home a temporary environment on ../shared/models is used.
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench_args.h"
#include "common/error.h"
#include "environment/environment.h"
#include "frontends/frontend.h"
#include "ir/macs.h"
#include "models/model_info.h"
#include "session/session.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

// A table cell: the column's value (first line only), or "-".
std::string cell(const report::Report::Row& row, const std::string& column) {
  const auto it = row.find(column);
  return it == row.end() ? "-" : it->second.substr(0, it->second.find('\n'));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> models = {"aww", "vww", "resnet", "toycar"};
  std::vector<std::string> targets = {"rv32_qemu", "cm4_qemu"};
  std::vector<std::string> configs;
  std::string home;
  int parallel = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--home") home = value;
    else if (flag == "--models") models = bench::split_list(value);
    else if (flag == "--targets") targets = bench::split_list(value);
    else if (flag == "--parallel") parallel = std::stoi(value);
    else if (flag == "-c") configs.push_back(value);
    else {
      std::fprintf(stderr, "bench_models: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  try {
    environment::Environment env;
    fs::path temp_home;
    if (home.empty()) {
      const fs::path shared = fs::path(MLONMCU_SOURCE_DIR) / ".." / ".." / "shared" / "models";
      temp_home = fs::temp_directory_path() / fmt::format("mlonmcu_bench_{}", ::getpid());
      environment::InitOptions options;
      options.model_dirs = {fs::canonical(shared)};
      options.overwrite = true;
      env = environment::init_environment(temp_home, options);
    } else {
      env = environment::load_environment(home);
    }
    session::SessionSpec spec;
    spec.models = models;
    spec.backends = {"interp"};
    spec.targets = targets;
    spec.features = {"validate"};
    spec.configs = configs;
    spec.parallel = parallel;
    spec.progress = false;
    const session::SessionResult result = session::run_session(env, spec);

    std::map<std::string, int64_t> macs;
    for (const auto& info : models::resolve_models(models, env.model_dirs))
      macs[info.name] = ir::count_macs(frontends::load_model(info.model_file));

    std::printf("| Model | Target | Run Instructions | Instr/MAC | Total ROM | Total RAM | Workspace [B] | Validation |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (const auto& row : result.report.rows()) {
      const std::string run = cell(row, "Run Instructions");
      std::string per_mac = "-";
      if (run != "-" && macs[row.at("Model")] > 0)
        per_mac = fmt::format("{:.2f}", std::stod(run) / static_cast<double>(macs[row.at("Model")]));
      std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", row.at("Model").c_str(),
                  row.at("Target").c_str(), run.c_str(), per_mac.c_str(), cell(row, "Total ROM").c_str(),
                  cell(row, "Total RAM").c_str(), cell(row, "Workspace Size [B]").c_str(),
                  row.at("Failing") == "true" ? cell(row, "Reason").c_str() : cell(row, "Validation").c_str());
    }
    if (!temp_home.empty()) fs::remove_all(temp_home);
    return result.all_ok ? 0 : 1;
  } catch (const Error& e) {
    std::fprintf(stderr, "bench_models: %s\n", e.what());
    return 1;
  }
}
