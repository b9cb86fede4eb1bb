// What the tasks of a session do. Every cached task has the same shape: compute its labelled
// key from what determines its output, take the entry from the environment's cache or do the
// work and store it, then place the output in the stage directory of every run that shares the
// task (runs/<run>/{build,compile,run}; libraries once per session in libs/). LOAD and
// POSTPROCESS are cheap and run every time. A BUILD's libraries become LIB tasks when it is done
// (expand), one per library and target configuration, shared by every program that links it.
// One file per task kind: load_stage.cc, build_stage.cc, lib_stage.cc, compile_stage.cc,
// run_stage.cc, postprocess_stage.cc.
#pragma once

#include <any>
#include <deque>
#include <filesystem>
#include <map>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cache/task_cache.h"
#include "common/file_system.h"
#include "session/components.h"
#include "session/engine/runner.h"
#include "session/matrix.h"
#include "session/task_outputs.h"

namespace mlonmcu::session {

struct StageSettings {
  // MLonMCU itself is a tool of every task: its code decides what BUILD generates and how
  // COMPILE and RUN call compilers and simulators.
  std::string tool_identity;
  std::filesystem::path library_cache;  // deps/: runtime libraries the targets build
  std::filesystem::path session_dir;    // temp/sessions/<id>: libs/ holds the session's archives
};

class StageExecutor : public TaskExecutor {
 public:
  StageExecutor(const TaskGraph& graph, const std::vector<RunSpec>& runs, const Components& components,
                FileSystem& files, cache::TaskCache& cache, StageSettings settings);

  cache::Explanation execute(const Task& task, TaskControl& control) override;
  // After LOAD: runs whose backend cannot build the model, or that validate without golden data.
  std::vector<std::pair<int, Failure>> check_runs(const Task& task) override;
  // After BUILD: a LIB task per library and target configuration of its programs.
  void expand(const Task& task, GraphEditor& editor) override;

  // The session log's record of a done task (none for LOAD), and reading it back on resume
  // (false when the record is unusable: the task then runs again).
  std::optional<nlohmann::json> record(const Task& task) const;
  bool restore(const Task& task, const nlohmann::json& record);
  const Components& components() const { return components_; }
  // The cache key a task used (empty for LOAD and POSTPROCESS).
  std::string key_of(int task) const;

  template <typename T>
  const T* output(int task) const {  // nullptr: no such task, or it produced no output
    std::lock_guard<std::mutex> lock(mutex_);
    if (task < 0 || static_cast<size_t>(task) >= outputs_.size()) return nullptr;
    return std::any_cast<T>(&outputs_[static_cast<size_t>(task)]);
  }

 private:
  cache::Explanation load(const Task& task);
  cache::Explanation build(const Task& task, TaskControl& control);
  cache::Explanation lib(const Task& task, TaskControl& control);
  cache::Explanation compile(const Task& task, TaskControl& control);
  cache::Explanation run(const Task& task, TaskControl& control);
  cache::Explanation postprocess(const Task& task);

  struct Produced {
    nlohmann::json metadata;
    std::vector<cache::EntryFile> files;
  };
  // The cached-task shape described above; `use` gets the entry on a hit and after `make`.
  cache::Explanation cached(const Task& task, const cache::CacheKey& key, TaskControl& control,
                            const std::function<Produced()>& make,
                            const std::function<void(const cache::CacheEntry&)>& use);
  // Writes files into `stage` of every run of the task.
  void place(const Task& task, const std::string& stage, const std::vector<cache::EntryFile>& files);
  // The key fields every cached task starts with: its format, MLonMCU, and the config it reads.
  cache::CacheKey base_key(const Task& task, int format, const std::vector<std::string>& config_keys) const;
  backends::BuildContext build_context(const RunSpec& run) const;
  // Contents of files as key inputs, named relative to the run's directory where inside it.
  void add_files(cache::CacheKey& key, const RunSpec& run, const std::vector<std::filesystem::path>& files) const;
  void add_headers(cache::CacheKey& key, const RunSpec& run, const std::vector<std::filesystem::path>& dirs) const;

  const RunSpec& first_run(const Task& task) const { return runs_[static_cast<size_t>(task.runs.front())]; }
  int dep(const Task& task, TaskKind kind) const;
  // The LIB task among a COMPILE's dependencies that builds `library`.
  int lib_dep(const Task& task, const std::string& library) const;
  void set_output(int task, std::any value);

  struct LibSpec {
    targets::Library library;
    int run = 0;  // whose target and config it is built with
  };

  const TaskGraph& graph_;
  const std::vector<RunSpec>& runs_;
  const Components& components_;
  FileSystem& files_;
  cache::TaskCache& cache_;
  StageSettings settings_;
  mutable std::mutex mutex_;
  std::deque<std::any> outputs_;  // per task; grows with the graph
  std::deque<std::string> keys_;
  std::map<int, LibSpec> libs_;              // LIB task → what it builds
  std::map<std::string, int> lib_tasks_;     // what it builds (share text) → LIB task
};

}  // namespace mlonmcu::session
