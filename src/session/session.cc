#include "session/session.h"

#include <unistd.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cache/task_cache.h"
#include "common/error.h"
#include "report/postprocess/postprocess.h"
#include "report/report_files.h"
#include "report/results_db.h"
#include "report/xlsx.h"
#include "session/config_registry.h"
#include "session/progress.h"

namespace mlonmcu::session {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<FeatureInfo>& known_features() {
  static const std::vector<FeatureInfo> features = [] {
    std::vector<FeatureInfo> all = {
        {"validate", "run every golden sample and compare the outputs (exact / top-1 / tolerance)"},
        {"benchmark", "run benchmark.num inferences per sample; Run Instructions is per inference"},
        {"layer_profile", "one extra report row per layer with its instructions"},
    };
    for (auto& f : backends::backend_features()) all.push_back(std::move(f));
    return all;
  }();
  return features;
}

namespace {

constexpr std::pair<Stage, const char*> kStageArgs[] = {
    {Stage::Load, "load"}, {Stage::Build, "build"}, {Stage::Compile, "compile"}, {Stage::Postprocess, "run"}};

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int) { g_interrupted.store(true); }

bool is_session_id(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), ::isdigit);
}

// Creates temp/sessions/<n> with the next free number (mkdir is the atomic claim).
std::pair<std::string, fs::path> new_session_dir(const fs::path& sessions) {
  fs::create_directories(sessions);
  int next = 0;
  for (const auto& entry : fs::directory_iterator(sessions)) {
    const std::string name = entry.path().filename().string();
    if (is_session_id(name)) next = std::max(next, std::stoi(name) + 1);
  }
  for (;; ++next) {
    const fs::path dir = sessions / std::to_string(next);
    std::error_code ec;
    if (fs::create_directory(dir, ec)) return {std::to_string(next), dir};
    if (ec) throw Error(ErrorKind::Io, "cannot create session directory " + dir.string() + ": " + ec.message());
  }
}

// The session to resume: the given id, or the latest one that has a session log.
std::pair<std::string, fs::path> resume_dir(const fs::path& sessions, const std::string& id) {
  if (!id.empty()) {
    const fs::path dir = sessions / id;
    if (!is_session_id(id) || !fs::is_directory(dir))
      throw Error(ErrorKind::Usage, fmt::format("--resume {}: no such session in {}", id, sessions.string()));
    return {id, dir};
  }
  int latest = -1;
  std::error_code ec;
  for (fs::directory_iterator it(sessions, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (is_session_id(name) && fs::exists(it->path() / kSessionLogName)) latest = std::max(latest, std::stoi(name));
  }
  if (latest < 0) throw Error(ErrorKind::Usage, "--resume: no session to resume in " + sessions.string());
  return {std::to_string(latest), sessions / std::to_string(latest)};
}

json spec_json(const SessionSpec& s, const std::vector<std::string>& configs) {
  return {{"models", s.models},       {"backends", s.backends},       {"targets", s.targets},
          {"features", s.features},   {"configs", configs},           {"feature_gen", s.feature_gen},
          {"config_gen", s.config_gen}, {"postprocesses", s.postprocesses}, {"label", s.label},           {"until", stage_arg(s.until)}};
}

// The "what" of a session from its log, the "how" from the command line.
SessionSpec spec_from_json(const json& j, const SessionSpec& how) {
  SessionSpec s = how;
  try {
    s.models = j.at("models").get<std::vector<std::string>>();
    s.backends = j.at("backends").get<std::vector<std::string>>();
    s.targets = j.at("targets").get<std::vector<std::string>>();
    s.features = j.at("features").get<std::vector<std::string>>();
    s.configs = j.at("configs").get<std::vector<std::string>>();
    s.feature_gen = j.at("feature_gen").get<std::vector<std::vector<std::string>>>();
    s.config_gen = j.at("config_gen").get<std::vector<std::vector<std::string>>>();
    s.postprocesses = j.value("postprocesses", std::vector<std::string>{});
    s.label = j.at("label").get<std::string>();
    s.until = stage_from_arg(j.at("until").get<std::string>());
  } catch (const json::exception& e) {
    throw Error(ErrorKind::Usage, std::string("the session log's spec is unreadable: ") + e.what());
  }
  return s;
}

void check_features(const std::vector<std::string>& features) {
  const auto& known = known_features();
  for (const auto& f : features) {
    if (f == "_") continue;  // --feature-gen's "no extra feature"
    if (std::none_of(known.begin(), known.end(), [&](const FeatureInfo& k) { return k.name == f; })) {
      std::vector<std::string> names;
      for (const auto& k : known) names.push_back(k.name);
      throw Error(ErrorKind::Usage, fmt::format("unknown feature '{}' (known: {})", f, fmt::join(names, ", ")));
    }
  }
}

// MLonMCU's own identity as a tool: its executable and the QEMU plugin built with it.
std::string own_identity() {
  std::string identity = cache::tool_identity(real_file_system(), "/proc/self/exe");
#ifdef MLONMCU_PLUGIN_PATH
  identity += " plugin " + cache::tool_identity(real_file_system(), MLONMCU_PLUGIN_PATH);
#endif
  return identity;
}

size_t terminal_width() {
  winsize w{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20) return w.ws_col;
  return 120;
}

std::string summary_line(const std::string& id, const ExecuteResult& r, double seconds) {
  int ran = 0, reused = 0, failed = 0;
  for (const auto& [kind, s] : r.stats) {
    ran += s.ran;
    reused += s.reused;
    failed += s.failed;
  }
  return fmt::format("session {}: {} runs, {} ok, {} failed, {} incomplete; tasks {} ran, {} reused, {} failed; {:.1f} s",
                     id, r.runs_ok + r.runs_failed + r.runs_incomplete, r.runs_ok, r.runs_failed, r.runs_incomplete,
                     ran, reused, failed, seconds);
}

}  // namespace

std::string stage_arg(Stage stage) {
  for (const auto& [s, name] : kStageArgs)
    if (s == stage) return name;
  return "run";
}

Stage stage_from_arg(const std::string& name) {
  for (const auto& [s, n] : kStageArgs)
    if (name == n) return s;
  throw Error(ErrorKind::Usage, fmt::format("unknown stage '{}' (load, build, compile or run)", name));
}

SessionResult run_session(const environment::Environment& env, const SessionSpec& given) {
  const auto started = std::chrono::steady_clock::now();
  SessionResult result;
  std::optional<SessionLog::Contents> resumed;
  SessionSpec spec = given;
  if (given.resume) {
    std::tie(result.id, result.dir) = resume_dir(env.sessions_dir(), *given.resume);
    resumed = SessionLog(real_file_system(), result.dir / kSessionLogName).read();
    spec = spec_from_json(resumed->spec, given);
    if (spec.until != given.until)
      throw Error(ErrorKind::Usage, fmt::format("session {} was started as `flow {}`: resume it with `flow {} --resume {}`",
                                                result.id, stage_arg(spec.until), stage_arg(spec.until), result.id));
  }

  // Everything a user can get wrong is checked before the first run starts.
  if (spec.backends.empty()) spec.backends = {"interp"};
  if (spec.targets.empty()) spec.targets = {"host_x86"};
  if (spec.models.empty()) throw Error(ErrorKind::Usage, "no model given (see `mlonmcu models`)");
  for (const auto& b : spec.backends) (void)backends::make_backend(b);
  for (const auto& t : spec.targets) (void)targets::make_target(t);
  check_features(spec.features);
  for (const auto& alternative : spec.feature_gen) check_features(alternative);
  std::vector<std::string> configs = resumed ? spec.configs : env.default_configs;
  if (!resumed) configs.insert(configs.end(), spec.configs.begin(), spec.configs.end());
  MatrixSpec matrix;
  matrix.configs = configs;
  matrix.config_gen = spec.config_gen;
  (void)expand_runs(matrix, config_registry(), fs::path(), builtin_components());  // parses every config alternative
  matrix.models = models::resolve_models(spec.models, env.model_dirs);
  matrix.backends = spec.backends;
  matrix.targets = spec.targets;
  matrix.features = spec.features;
  matrix.feature_gen = spec.feature_gen;
  // Postprocess options are session-wide (the configuration every run starts from); a mistake in
  // them is found on an empty report before anything runs.
  const config::Config session_config = config::Config::parse(config_registry(), configs);
  {
    report::Report dry_run;
    report::apply_postprocesses(dry_run, spec.postprocesses, {session_config, {}});
  }
  matrix.postprocesses = spec.postprocesses;

  if (!resumed) std::tie(result.id, result.dir) = new_session_dir(env.sessions_dir());
  const std::vector<RunSpec> runs = expand_runs(matrix, config_registry(), result.dir, builtin_components());

  std::vector<std::string> labels;
  for (const RunSpec& r : runs) labels.push_back(fmt::format("{}/{}/{}", r.model.name, r.backend, r.target));
  ProgressOptions progress_options;
  progress_options.terminal = spec.progress && spec.verbosity >= 0 && isatty(STDERR_FILENO);
  progress_options.run_lines = spec.progress && spec.verbosity >= 0;
  progress_options.explain = spec.explain;
  progress_options.width = terminal_width();

  ExecuteOptions options;
  options.session_dir = result.dir;
  options.cache_root = env.deps_dir() / "cache";
  options.library_cache = env.deps_dir();
  options.tool_identity = own_identity();
  options.until = spec.until;
  options.parallel = std::max(1, std::min<int>(spec.parallel, static_cast<int>(std::max<size_t>(runs.size(), 1))));
  options.spec = spec_json(spec, configs);
  options.resume = std::move(resumed);
  options.interrupt = &g_interrupted;

  Progress progress(std::cerr, system_clock(), labels, progress_options);
  options.observer = &progress;

  g_interrupted.store(false);
  auto previous_handler = std::signal(SIGINT, on_sigint);
  ExecuteResult executed;
  try {
    executed = execute_session(runs, builtin_components(),
                               {real_file_system(), system_process_runner(), system_clock()}, options);
  } catch (...) {
    std::signal(SIGINT, previous_handler);
    throw;
  }
  std::signal(SIGINT, previous_handler);
  progress.finish();

  result.interrupted = executed.interrupted;
  result.all_ok = !executed.interrupted && executed.runs_failed == 0 && executed.runs_incomplete == 0;
  for (auto& row : executed.rows) {
    row[report::col::kSession] = result.id;
    if (!spec.label.empty() && !row.count(report::col::kComment)) row[report::col::kComment] = spec.label;
    result.report.add_row(std::move(row));
  }
  report::apply_postprocesses(result.report, spec.postprocesses, {session_config, result.dir});
  result.report_csv = result.dir / "report.csv";
  report::write_csv(result.report, result.report_csv);
  // The same rows for programs (JSON) and for CI logs and issues (Markdown).
  report::write_json(result.report, result.dir / "report.json");
  report::write_text_file(result.dir / "report.md", report::to_markdown(result.report));
  report::write_xlsx(result.report, result.dir / "report.xlsx");
  // Every session also lands in the environment's results database (`mlonmcu results`); a
  // database problem must not cost the session its report, which is already written.
  try {
    report::record_session(env.results_dir() / "results.db", result.id, spec.label, result.report);
  } catch (const Error& e) {
    std::fprintf(stderr, "mlonmcu: warning: results database not updated: %s\n", e.what());
  }
  result.stats = executed.stats;
  result.programs = executed.programs;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (spec.verbosity >= 0) std::cerr << summary_line(result.id, executed, result.seconds) << "\n";
  return result;
}

}  // namespace mlonmcu::session
