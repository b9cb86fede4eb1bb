#include "session/session.h"

#include <csignal>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/backend.h"
#include "common/c_writer.h"
#include "common/error.h"
#include "common/process.h"
#include "session/config_registry.h"
#include "report/results_db.h"
#include "session/run.h"
#include "targets/target.h"

namespace mlonmcu::session {

namespace fs = std::filesystem;

const char* stage_name(Stage stage) {
  switch (stage) {
    case Stage::Load: return "LOAD";
    case Stage::Tune: return "TUNE";
    case Stage::Build: return "BUILD";
    case Stage::Compile: return "COMPILE";
    case Stage::Run: return "RUN";
    case Stage::Postprocess: return "POSTPROCESS";
    case Stage::Done: return "DONE";
  }
  return "?";
}

const std::vector<FeatureInfo>& known_features() {
  static const std::vector<FeatureInfo> features = [] {
    std::vector<FeatureInfo> all = {
        {"validate", "run every golden sample and compare the outputs (exact / top-1 / tolerance)"},
        {"benchmark", "run benchmark.num inferences per sample; Run Instructions is per inference"},
        {"layer_profile", "one extra report row per layer with its instructions (simulated targets)"},
    };
    for (auto& f : backends::backend_features()) all.push_back(std::move(f));
    return all;
  }();
  return features;
}

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int) { g_interrupted.store(true); }

// Creates temp/sessions/<n> with the next free number (mkdir is the atomic claim).
std::pair<std::string, fs::path> new_session_dir(const fs::path& sessions) {
  fs::create_directories(sessions);
  int next = 0;
  for (const auto& entry : fs::directory_iterator(sessions)) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit))
      next = std::max(next, std::stoi(name) + 1);
  }
  for (;; ++next) {
    const fs::path dir = sessions / std::to_string(next);
    std::error_code ec;
    if (fs::create_directory(dir, ec)) return {std::to_string(next), dir};
    if (ec) throw Error(ErrorKind::Io, "cannot create session directory " + dir.string() + ": " + ec.message());
  }
}

void check_features(const std::vector<std::string>& features) {
  for (const auto& f : features) {
    const auto& known = known_features();
    if (std::none_of(known.begin(), known.end(), [&](const FeatureInfo& k) { return k.name == f; })) {
      std::vector<std::string> names;
      for (const auto& k : known) names.push_back(k.name);
      throw Error(ErrorKind::Usage, fmt::format("unknown feature '{}' (known: {})", f, fmt::join(names, ", ")));
    }
  }
}

}  // namespace

SessionResult run_session(const environment::Environment& env, const SessionSpec& spec) {
  // Everything a user can get wrong is checked before the first run starts.
  const std::vector<std::string> backends_used = spec.backends.empty() ? std::vector<std::string>{"interp"} : spec.backends;
  const std::vector<std::string> targets_used = spec.targets.empty() ? std::vector<std::string>{"host_x86"} : spec.targets;
  if (spec.models.empty()) throw Error(ErrorKind::Usage, "no model given (see `mlonmcu models`)");
  for (const auto& b : backends_used) (void)backends::make_backend(b);
  for (const auto& t : targets_used) (void)targets::make_target(t);
  check_features(spec.features);
  std::vector<std::string> assignments = env.default_configs;
  assignments.insert(assignments.end(), spec.configs.begin(), spec.configs.end());
  const config::Config cfg = config::Config::parse(config_registry(), assignments);
  const std::vector<models::ModelInfo> models = models::resolve_models(spec.models, env.model_dirs);

  SessionResult result;
  std::tie(result.id, result.dir) = new_session_dir(env.sessions_dir());

  std::vector<RunSpec> runs;
  for (const auto& m : models)
    for (const auto& b : backends_used)
      for (const auto& t : targets_used) {
        RunSpec r;
        r.id = static_cast<int>(runs.size());
        r.model = m;
        r.backend = b;
        r.target = t;
        r.features = backends::features_for_backend(b, spec.features);
        r.config = cfg;
        r.dir = result.dir / "runs" / std::to_string(r.id);
        r.cache_dir = env.deps_dir();
        r.until = spec.until;
        runs.push_back(std::move(r));
      }

  g_interrupted.store(false);
  auto previous_handler = std::signal(SIGINT, on_sigint);
  std::atomic<bool> stop{false};
  std::atomic<bool> finished{false};
  // Turns Ctrl-C into: no new stages, children killed (signal handlers may not lock).
  std::thread watcher([&] {
    while (!finished.load()) {
      if (g_interrupted.load() && !stop.load()) {
        stop.store(true);
        kill_all_children();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });

  SharedWork shared;
  std::vector<RunOutcome> outcomes(runs.size());
  std::atomic<size_t> next{0};
  std::atomic<size_t> done_count{0};
  std::mutex print_mutex;
  const int workers = std::max(1, std::min<int>(spec.parallel, static_cast<int>(runs.size())));
  auto worker = [&] {
    for (size_t i = next++; i < runs.size(); i = next++) {
      outcomes[i] = execute_run(runs[i], shared, stop);
      const size_t n = ++done_count;
      if (spec.progress && spec.verbosity >= 0) {
        std::lock_guard<std::mutex> lock(print_mutex);
        const RunOutcome& o = outcomes[i];
        const auto& row = o.rows.front();
        const std::string status =
            o.incomplete ? "INCOMPLETE" : (o.failed ? "FAILED: " + row.at("Reason") : "OK");
        std::fprintf(stderr, "[%zu/%zu] %s/%s/%s %.1f s %s\n", n, runs.size(), runs[i].model.name.c_str(),
                     runs[i].backend.c_str(), runs[i].target.c_str(), o.seconds, status.c_str());
      }
    }
  };
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  finished.store(true);
  watcher.join();
  std::signal(SIGINT, previous_handler);

  result.interrupted = stop.load();
  result.all_ok = !result.interrupted;
  for (size_t i = 0; i < runs.size(); ++i) {
    RunOutcome& o = outcomes[i];
    if (o.rows.empty()) {  // never started: interrupted before its turn
      report::Report::Row row{{"Run", std::to_string(runs[i].id)}, {"Model", runs[i].model.name},
                              {"Backend", runs[i].backend}, {"Target", runs[i].target},
                              {"Failing", "false"}, {"Incomplete", "true"}};
      o.rows.push_back(row);
      o.incomplete = true;
    }
    result.all_ok = result.all_ok && !o.failed && !o.incomplete;
    for (auto& row : o.rows) {
      row["Session"] = result.id;
      if (!spec.label.empty()) row["Comment"] = row.count("Comment") ? row["Comment"] : spec.label;
      result.report.add_row(row);
    }
  }
  result.report_csv = result.dir / "report.csv";
  report::write_csv(result.report, result.report_csv);
  // The same rows for programs (JSON) and for CI logs and issues (Markdown).
  report::write_json(result.report, result.dir / "report.json");
  write_text_file((result.dir / "report.md").string(), report::to_markdown(result.report));
  // Every session also lands in the environment's results database (`mlonmcu results`); a
  // database problem must not cost the session its report, which is already written.
  try {
    report::record_session(env.results_dir() / "results.db", result.id, spec.label, result.report);
  } catch (const Error& e) {
    std::fprintf(stderr, "mlonmcu: warning: results database not updated: %s\n", e.what());
  }
  return result;
}

}  // namespace mlonmcu::session
