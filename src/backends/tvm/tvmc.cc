#include "backends/tvm/tvmc.h"

#include <unistd.h>

#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "common/process.h"
#include "targets/baremetal/content_hash.h"

namespace mlonmcu::backends::tvm {

namespace {

constexpr const char* kPinnedVersion = "0.17.0";
// Bumped when what a deps/tvmc entry holds or how its key is made changes.
constexpr const char* kCacheFormat = "tvmc-1";

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

std::string cache_key(const Tvmc& tvmc, const TvmcCompile& request) {
  targets::ContentHash hash;
  hash.add("format", kCacheFormat);
  for (const auto& word : tvmc.command) hash.add("command", word);
  hash.add("pythonpath", tvmc.pythonpath);
  std::ifstream in(request.model, std::ios::binary);
  if (!in) throw Error(ErrorKind::Model, "tvmc: cannot read " + request.model.string());
  hash.add("model", std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  for (const auto& option : request.options) hash.add("option", option);
  return hash.hex();
}

void copy_into(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot copy {} to {}: {}", from.string(), to.string(), ec.message()));
}

void compile(const Tvmc& tvmc, const TvmcCompile& request, const fs::path& archive, const fs::path& log_file) {
  std::vector<std::string> args = {"compile", request.model.string()};
  args.insert(args.end(), request.options.begin(), request.options.end());
  args.insert(args.end(), {"--output", archive.string(), "-f", "mlf"});
  const std::vector<std::string> argv = command_line(tvmc, args);
  ProcessOptions options;
  options.cwd = request.out_dir;  // tvmc leaves its .pkl_memoize_py3 cache in its working dir
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
  std::error_code ec;
  fs::create_directories(request.out_dir, ec);
  const fs::path archive = request.out_dir / request.archive_name;
  const fs::path log_file = request.out_dir / "tvmc.log";
  if (request.cache_dir.empty()) {
    compile(tvmc, request, archive, log_file);
    return archive;
  }
  const std::string key = cache_key(tvmc, request);
  const fs::path entry = request.cache_dir / "tvmc" / key;
  // Runs of one session that need the same archive (one model on several targets) share one
  // tvmc process; the entry is complete once its directory is renamed into place.
  static std::mutex mutex;
  static std::map<std::string, std::shared_future<void>> compiling;
  std::promise<void> promise;
  std::shared_future<void> future;
  bool owner = false;
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto it = compiling.find(key);
    if (it != compiling.end()) {
      future = it->second;
    } else if (!fs::exists(entry / request.archive_name, ec)) {
      future = promise.get_future().share();
      compiling.emplace(key, future);
      owner = true;
    }
  }
  if (owner) {
    try {
      compile(tvmc, request, archive, log_file);
      const fs::path temp = request.cache_dir / "tvmc" / fmt::format("{}.tmp.{}", key, ::getpid());
      fs::remove_all(temp, ec);
      fs::create_directories(temp, ec);
      copy_into(archive, temp / request.archive_name);
      copy_into(log_file, temp / "tvmc.log");
      fs::rename(temp, entry, ec);
      if (ec) fs::remove_all(temp, ec);  // another process stored the same entry first
      promise.set_value();
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      compiling.erase(key);
    }
    future.get();  // rethrows this run's own failure
    return archive;
  }
  if (future.valid()) future.get();  // another run's failure is this run's too
  copy_into(entry / request.archive_name, archive);
  std::ofstream(log_file) << "# tvmc output reused from " << entry.string() << "\n"
                          << std::ifstream(entry / "tvmc.log").rdbuf();
  return archive;
}

}  // namespace mlonmcu::backends::tvm
