// Prints, for the MLPerf Tiny models on the simulated targets, what a model costs on a
// microcontroller with each deployment stack, side by side: Run Instructions per inference
// (exact, QEMU plugin), the ratios to the baseline stack on the same model and target (default
// TFLite-Micro with CMSIS-NN) and to the reference variant (default interp with MLonMCU's
// reference kernels), instructions per MAC, Total ROM, Total RAM and the arena. Usage:
//   bench_models [--home ENV] [--models a,b] [--targets t1,t2] [--variants v1,v2]
//                [--baseline V] [--reference V] [--tflm DIR] [--mlf DIR] [--tvm DIR] [--parallel N] [-c K=V ...]
// A variant is a backend with features: aot, interp, interp+refkernels, tflmi, tflmi+cmsisnn, tvmaot,
// tvmaotplus, tvmrt. Every run validates its outputs. Without --home a temporary environment on
// ../shared/models is used, with the TFLM checkout ../shared/third_party/tflite-micro (or --tflm DIR)
// and the MLF archives of ../shared/third_party/tvm_mlf (or --mlf DIR); --tvm DIR (an unpacked TVM
// build) compiles with its tvmc instead. Default variants: aot, interp, interp+refkernels, plus tflmi
// and tflmi+cmsisnn with TFLM, plus tvmaot and tvmaotplus with TVM.
#include <unistd.h>

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
  return it == row.end() || it->second.empty() ? "-" : it->second.substr(0, it->second.find('\n'));
}

struct Variant {
  std::string name;  // "tflmi+cmsisnn"
  std::string backend;
  std::vector<std::string> features;  // besides validate
};

Variant parse_variant(const std::string& text) {
  std::vector<std::string> parts = bench::split_list(text, '+');
  if (parts.empty()) throw Error(ErrorKind::Usage, "empty variant");
  return {text, parts.front(), {parts.begin() + 1, parts.end()}};
}

// The variant a report row belongs to: its backend plus the features it kept (a backend drops
// the backend features it does not use, so interp in a cmsisnn session is still "interp").
std::string variant_of(const report::Report::Row& row) {
  std::string name = row.at("Backend");
  for (const auto& f : bench::split_list(cell(row, "Features")))
    if (f != "validate") name += "+" + f;
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> models = {"aww", "vww", "resnet", "toycar"};
  std::vector<std::string> targets = {"rv32_qemu", "cm4_qemu"};
  std::vector<std::string> variant_names, configs;
  std::string home, tflm, mlf, tvm, baseline = "tflmi+cmsisnn", reference = "interp+refkernels";
  int parallel = 2;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::printf(
          "usage: bench_models [--home ENV] [--models a,b] [--targets t1,t2] [--variants v1,v2] [--baseline V]\n"
          "                    [--reference V] [--tflm DIR] [--mlf DIR] [--tvm DIR] [--parallel N] [-c K=V ...]\n"
          "A variant is a backend with features (interp, tflmi+cmsisnn, tvmaotplus, ...). --tflm: a TFLite-Micro\n"
          "checkout; --mlf: MLF archives DIR/<model>/<backend>.tar; --tvm: an unpacked TVM build (its tvmc).\n");
      return 0;
    }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--home") home = value;
    else if (flag == "--models") models = bench::split_list(value);
    else if (flag == "--targets") targets = bench::split_list(value);
    else if (flag == "--variants") variant_names = bench::split_list(value);
    else if (flag == "--baseline") baseline = value;
    else if (flag == "--reference") reference = value;
    else if (flag == "--tflm") tflm = value;
    else if (flag == "--mlf") mlf = value;
    else if (flag == "--tvm") tvm = value;
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
    const fs::path shared = fs::path(MLONMCU_SOURCE_DIR) / ".." / ".." / "shared";
    if (home.empty()) {
      temp_home = fs::temp_directory_path() / fmt::format("mlonmcu_bench_{}", ::getpid());
      environment::InitOptions options;
      options.model_dirs = {fs::canonical(shared / "models")};
      options.overwrite = true;
      env = environment::init_environment(temp_home, options);
      if (tflm.empty() && fs::exists(shared / "third_party" / "tflite-micro"))
        tflm = fs::canonical(shared / "third_party" / "tflite-micro").string();
      if (mlf.empty() && tvm.empty() && fs::exists(shared / "third_party" / "tvm_mlf"))
        mlf = fs::canonical(shared / "third_party" / "tvm_mlf").string();
    } else {
      env = environment::load_environment(home);
    }
    if (!tflm.empty()) env.default_configs.push_back("tflm.src_dir=" + tflm);
    if (!mlf.empty()) env.default_configs.push_back("tvm.mlf_dir=" + mlf);
    if (!tvm.empty()) {
      const fs::path dir = fs::absolute(tvm);
      env.default_configs.push_back("tvm.python=/usr/bin/python3");
      env.default_configs.push_back("tvm.pythonpath=" + (dir / "tvm" / "python").string() + ":" + dir.string());
    }
    if (variant_names.empty()) {
      variant_names = {"aot", "interp", "interp+refkernels"};
      if (!tflm.empty() || !home.empty()) variant_names.insert(variant_names.end(), {"tflmi", "tflmi+cmsisnn"});
      if (!mlf.empty() || !tvm.empty() || !home.empty()) variant_names.insert(variant_names.end(), {"tvmaot", "tvmaotplus"});
    }

    // One session per feature set, with every backend that uses that set.
    std::map<std::vector<std::string>, std::vector<std::string>> sessions;
    for (const auto& name : variant_names) {
      const Variant v = parse_variant(name);
      sessions[v.features].push_back(v.backend);
    }
    std::map<std::string, std::map<std::string, std::map<std::string, report::Report::Row>>> rows;  // model, target, variant
    bool all_ok = true;
    for (const auto& [features, backends] : sessions) {
      session::SessionSpec spec;
      spec.models = models;
      spec.backends = backends;
      spec.targets = targets;
      spec.features = {"validate"};
      spec.features.insert(spec.features.end(), features.begin(), features.end());
      spec.configs = configs;
      spec.parallel = parallel;
      spec.progress = false;
      const session::SessionResult result = session::run_session(env, spec);
      all_ok = all_ok && result.all_ok;
      for (const auto& row : result.report.rows())
        if (!row.count("Sub") || row.at("Sub").empty())
          rows[row.at("Model")][row.at("Target")][variant_of(row)] = row;
    }

    std::map<std::string, int64_t> macs;
    for (const auto& info : models::resolve_models(models, env.model_dirs))
      macs[info.name] = ir::count_macs(frontends::load_model(info.model_file));

    std::printf("| Model | Target | Variant | Run Instructions | × %s | × %s | Instr/MAC | Total ROM | Total RAM | Workspace [B] | Validation |\n",
                baseline.c_str(), reference.c_str());
    std::printf("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (const auto& model : models)
      for (const auto& target : targets)
        for (const auto& name : variant_names) {
          const auto& by_variant = rows[model][target];
          const auto it = by_variant.find(name);
          if (it == by_variant.end()) continue;
          const auto& row = it->second;
          const std::string run = cell(row, "Run Instructions");
          // This run's instructions over another variant's on the same model and target.
          auto ratio_to = [&](const std::string& other) -> std::string {
            const auto o = by_variant.find(other);
            if (run == "-" || o == by_variant.end() || cell(o->second, "Run Instructions") == "-") return "-";
            return fmt::format("{:.2f}", std::stod(run) / std::stod(cell(o->second, "Run Instructions")));
          };
          std::string per_mac = "-";
          if (run != "-" && macs[model] > 0)
            per_mac = fmt::format("{:.2f}", std::stod(run) / static_cast<double>(macs[model]));
          const std::string status =
              row.at("Failing") == "true" ? cell(row, "Reason").substr(0, 90) : cell(row, "Validation");
          std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", model.c_str(), target.c_str(),
                      name.c_str(), run.c_str(), ratio_to(baseline).c_str(), ratio_to(reference).c_str(),
                      per_mac.c_str(), cell(row, "Total ROM").c_str(), cell(row, "Total RAM").c_str(),
                      cell(row, "Workspace Size [B]").c_str(), status.c_str());
        }
    if (!temp_home.empty()) fs::remove_all(temp_home);
    return all_ok ? 0 : 1;
  } catch (const Error& e) {
    std::fprintf(stderr, "bench_models: %s\n", e.what());
    return 1;
  }
}
