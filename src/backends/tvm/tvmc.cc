#include "backends/tvm/tvmc.h"

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cache/task_cache.h"
#include "common/error.h"
#include "common/file_system.h"
#include "common/process.h"

namespace mlonmcu::backends::tvm {

namespace {

constexpr const char* kPinnedVersion = "0.17.0";

std::vector<std::string> split_words(const std::string& text, const char* key) {
  if (text.find_first_of("'\"\\") != std::string::npos)
    throw Error(ErrorKind::Config, fmt::format("{}: quotes and backslashes are not supported (words are split at "
                                               "whitespace): '{}'",
                                               key, text));
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// The command line that runs tvmc with `args`: through `env` when PYTHONPATH is set, so the
// configured path replaces an inherited one instead of sitting behind it.
std::vector<std::string> command_line(const Tvmc& tvmc, const std::vector<std::string>& args) {
  std::vector<std::string> argv;
  if (!tvmc.pythonpath.empty()) {
    const fs::path env = find_program("env");
    if (env.empty()) throw Error(ErrorKind::Toolchain, "tvmc: 'env' not found; install it with: apt-get install -y coreutils");
    argv = {env.string(), "PYTHONPATH=" + tvmc.pythonpath};
  }
  argv.insert(argv.end(), tvmc.command.begin(), tvmc.command.end());
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// The last lines of tvmc's error output: a Python traceback ends with what went wrong.
std::string error_tail(const ProcessResult& r, size_t max_lines = 4) {
  std::vector<std::string> lines;
  std::istringstream in(r.err.empty() ? r.out : r.err);
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t") != std::string::npos && line.find("WARNING:autotvm") == std::string::npos)
      lines.push_back(line);
  const size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
  std::string out;
  for (size_t i = first; i < lines.size(); ++i) out += (out.empty() ? "" : "\n") + lines[i];
  return out.empty() ? "(no output)" : out;
}

void compile(const Tvmc& tvmc, const TvmcCompile& request, const fs::path& archive, const fs::path& log_file) {
  std::vector<std::string> args = {"compile", request.model.string()};
  args.insert(args.end(), request.options.begin(), request.options.end());
  args.insert(args.end(), {"--output", archive.string(), "-f", "mlf"});
  const std::vector<std::string> argv = command_line(tvmc, args);
  ProcessOptions options;
  options.cwd = request.work_dir;  // tvmc leaves its .pkl_memoize_py3 cache in its working dir
  options.timeout = request.timeout;
  std::error_code ec;
  fs::remove(archive, ec);
  const ProcessResult r = run_process(argv, options);
  {
    std::ofstream log(log_file);
    log << fmt::format("{}\n# {} in {:.1f} s\n", fmt::join(argv, " "), r.describe(), r.seconds) << r.out << r.err;
  }
  if (r.timed_out)
    throw Error(ErrorKind::Timeout, fmt::format("tvmc compile timed out after {} s (tvm.timeout; log: {})",
                                                request.timeout.count(), log_file.string()));
  if (r.not_found)
    throw Error(ErrorKind::Toolchain, fmt::format("tvmc could not be started ({}): {}", tvmc.origin, r.err));
  if (!r.ok())
    throw Error(ErrorKind::Toolchain, fmt::format("tvmc compile failed ({}; {}): {}", r.describe(), tvmc.origin, error_tail(r)));
  if (!fs::exists(archive))
    throw Error(ErrorKind::Toolchain, fmt::format("tvmc compile wrote no {} (log: {})", archive.filename().string(),
                                                  log_file.string()));
}

}  // namespace

void declare_tvmc_config(config::Registry& r) {
  r.add({"tvm.tvmc", config::Type::String, "",
         "tvmc command, split at whitespace (e.g. tvmc); BUILD runs `<it> compile ...` (TVM backends)", {}, {}, {}});
  r.add({"tvm.python", config::Type::String, "",
         "a Python with TVM's `tvm` package: tvmc is `<it> -m tvm.driver.tvmc` (used when tvm.tvmc is empty)", {}, {},
         {}});
  r.add({"tvm.pythonpath", config::Type::String, "",
         "PYTHONPATH for tvmc, ':'-separated (an unpacked TVM build: DIR/tvm/python:DIR)", {}, {}, {}});
  r.add({"tvm.timeout", config::Type::Int, "600", "seconds tvmc compile may take", {}, 1, 86400});
}

std::optional<Tvmc> configured_tvmc(const config::Config& cfg) {
  Tvmc tvmc;
  const std::string command = cfg.get_string("tvm.tvmc");
  const std::string python = cfg.get_string("tvm.python");
  if (!command.empty()) {
    tvmc.command = split_words(command, "tvm.tvmc");
    tvmc.origin = "tvm.tvmc=" + command;
  } else if (!python.empty()) {
    tvmc.command = split_words(python, "tvm.python");
    tvmc.command.insert(tvmc.command.end(), {"-m", "tvm.driver.tvmc"});
    tvmc.origin = "tvm.python=" + python;
  }
  if (tvmc.command.empty()) return std::nullopt;
  tvmc.pythonpath = cfg.get_string("tvm.pythonpath");
  if (find_program(tvmc.command.front()).empty())
    throw Error(ErrorKind::Toolchain,
                fmt::format("{}: '{}' not found; {}", tvmc.origin, tvmc.command.front(), how_to_get_tvm()));
  return tvmc;
}

std::string how_to_get_tvm() {
  return fmt::format(
      "build TVM v{} with microTVM (git clone --branch v{} --recursive https://github.com/apache/tvm; cmake with "
      "USE_MICRO=ON USE_LLVM=ON; apt-get install -y python3-numpy python3-scipy python3-decorator python3-attr "
      "python3-psutil python3-typing-extensions python3-cloudpickle python3-tornado python3-flatbuffers, and a "
      "`tflite` Python package) and set tvm.python=/usr/bin/python3 tvm.pythonpath=<tvm>/python, or set tvm.tvmc; "
      "or use MLF archives tvmc made: tvm.mlf_dir=DIR (DIR/<model>/<backend>.tar) or <model dir>/<backend>.tar",
      kPinnedVersion, kPinnedVersion);
}

namespace {

Requirement probe_tvmc(const config::Config& cfg) {
  Requirement req{"tvmc (tvm.tvmc or tvm.python)", false, "", how_to_get_tvm()};
  std::optional<Tvmc> tvmc;
  try {
    tvmc = configured_tvmc(cfg);
  } catch (const Error& e) {
    req.detail = e.what();
    req.detail = req.detail.substr(0, req.detail.find(';'));
    return req;
  }
  if (!tvmc) {
    req.detail = "neither tvm.tvmc nor tvm.python is set";
    return req;
  }
  ProcessOptions options;
  options.timeout = std::chrono::seconds(120);
  const ProcessResult r = run_process(command_line(*tvmc, {"--version"}), options);
  const std::string version = r.out.substr(0, r.out.find('\n'));
  req.found = r.ok();
  req.detail = r.ok() ? fmt::format("{} ({}){}", version, tvmc->origin,
                                    version == kPinnedVersion ? "" : fmt::format("; MLonMCU pins {}", kPinnedVersion))
                      : fmt::format("{} fails ({}): {}", tvmc->origin, r.describe(), error_tail(r, 1));
  return req;
}

}  // namespace

Requirement tvmc_requirement(const config::Config& cfg) {
  // Asked by each TVM backend; `tvmc --version` takes seconds, so once per configuration.
  static std::mutex mutex;
  static std::map<std::string, Requirement> known;
  const std::string id = cfg.get_string("tvm.tvmc") + "\n" + cfg.get_string("tvm.python") + "\n" +
                         cfg.get_string("tvm.pythonpath");
  std::lock_guard<std::mutex> lock(mutex);
  const auto it = known.find(id);
  if (it != known.end()) return it->second;
  return known[id] = probe_tvmc(cfg);
}

fs::path run_tvmc_compile(const Tvmc& tvmc, const TvmcCompile& request) {
  std::error_code ec;  // a directory that cannot be made fails tvmc, whose log says so
  fs::create_directories(request.work_dir, ec);
  fs::create_directories(request.out_dir, ec);
  const fs::path archive = request.work_dir / request.archive_name;
  compile(tvmc, request, archive, request.out_dir / "tvmc.log");
  return archive;
}

std::vector<Backend::BuildInput> tvmc_identity(const Tvmc& tvmc) {
  // Size and modification time, as the session checks its compilers: hashing TVM's 80 MB would
  // take longer than most builds.
  std::vector<Backend::BuildInput> out;
  const fs::path program = find_program(tvmc.command.front());
  out.push_back({"tvmc program", cache::tool_identity(real_file_system(), program), {}});
  std::stringstream in(tvmc.pythonpath);
  for (std::string entry; std::getline(in, entry, ':');) {
    if (entry.empty()) continue;
    const fs::path p(entry);
    for (const fs::path& lib : {p.parent_path() / "build" / "libtvm.so", p / "tvm" / "build" / "libtvm.so"})
      if (real_file_system().exists(lib)) out.push_back({lib.string(), cache::tool_identity(real_file_system(), lib), {}});
  }
  return out;
}

}  // namespace mlonmcu::backends::tvm
