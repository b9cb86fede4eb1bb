// Prints what an exported aot model costs in flash on a target beyond its weights: the export
// (mlonmcu export) of each model linked with a main that only calls <prefix>_init() and
// <prefix>_invoke(), minus the same program with an empty main, minus the weight arrays.
// Built with the target's own flags (-O2, sections, --gc-sections, picolibc). Usage:
//   bench_export_size [--home ENV] [--models a,b] [--target cm4_qemu] [-c cm4_qemu.opt=Os ...]
// Without --home a temporary environment on ../shared/models is used.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "backends/aot/manifest.h"
#include "bench_util.h"
#include "common/c_writer.h"
#include "common/error.h"
#include "config/config.h"
#include "deploy/export.h"
#include "environment/environment.h"
#include "session/session.h"
#include "targets/target.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

int64_t program_rom(const targets::Target& target, const config::Config& cfg, const fs::path& dir,
                    const std::vector<fs::path>& sources, const std::vector<fs::path>& includes) {
  targets::CompileRequest req;
  req.work_dir = dir;
  req.sources = sources;
  req.include_dirs = includes;
  return target.compile(req, cfg).memory.total_rom();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> models = {"aww", "vww", "resnet", "toycar"};
  std::string target_name = "cm4_qemu", home;
  std::vector<std::string> configs;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--home")
      home = value;
    else if (flag == "--models")
      models = bench::split_list(value);
    else if (flag == "--target")
      target_name = value;
    else if (flag == "-c")
      configs.push_back(value);
    else {
      std::fprintf(stderr, "bench_export_size: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  const fs::path work =
      fs::temp_directory_path() / fmt::format("mlonmcu_bench_export_{}", ::getpid());
  try {
    environment::Environment env;
    if (home.empty()) {
      environment::InitOptions options;
      options.model_dirs = {
          fs::canonical(fs::path(MLONMCU_SOURCE_DIR) / ".." / ".." / "shared" / "models")};
      options.overwrite = true;
      env = environment::init_environment(work / "home", options);
    } else {
      env = environment::load_environment(home);
    }
    config::Registry registry;
    targets::declare_target_configs(registry);
    const config::Config cfg = config::Config::parse(registry, configs);
    const auto target = targets::make_target(target_name);
    const fs::path empty_main = work / "empty" / "main.c";
    fs::create_directories(empty_main.parent_path());
    write_text_file(empty_main.string(), "int main(void) { return 0; }\n");
    const int64_t baseline = program_rom(*target, cfg, work / "empty", {empty_main}, {});

    std::printf(
        "| Model | %s ROM added [B] | weights [B] | beyond weights [B] | beyond weights [KiB] |\n",
        target_name.c_str());
    std::printf("|---|---:|---:|---:|---:|\n");
    for (const std::string& model : models) {
      session::SessionSpec spec;
      spec.models = {model};
      spec.backends = {"aot"};
      spec.until = session::Stage::Build;
      spec.progress = false;
      const session::SessionResult built = session::run_session(env, spec);
      if (!built.all_ok) throw Error(ErrorKind::Internal, "building " + model + " failed");
      deploy::ExportRequest request;
      request.sessions_dir = env.sessions_dir();
      request.session = built.id;
      request.dest = work / model;
      const deploy::ExportResult exported = deploy::export_run(request);
      const auto m = backends::aot::read_manifest(built.dir / "runs" / exported.run / "build");
      const fs::path main_c = work / model / "bench_main.c";
      write_text_file(
          main_c.string(),
          fmt::format("#include \"{0}.h\"\nint main(void) {{\n  if ({0}_init() != 0) return 1;\n"
                      "  return {0}_invoke();\n}}\n",
                      m.prefix));
      std::vector<fs::path> sources = {main_c, work / model / "model" / m.source};
      for (const std::string& s : m.kernel_sources) sources.push_back(work / model / "kernels" / s);
      const int64_t rom = program_rom(
          *target, cfg, work / model / "build", sources,
          {work / model / "model", work / model / "kernels" / "include", work / model / "kernels"});
      const int64_t added = rom - baseline;
      std::printf("| %s | %lld | %lld | %lld | %.1f |\n", model.c_str(),
                  static_cast<long long>(added), static_cast<long long>(m.weight_bytes),
                  static_cast<long long>(added - m.weight_bytes),
                  static_cast<double>(added - m.weight_bytes) / 1024.0);
    }
    if (!std::getenv("MLONMCU_KEEP")) fs::remove_all(work);
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "bench_export_size: %s\n", e.what());
    fs::remove_all(work);
    return 1;
  }
}
