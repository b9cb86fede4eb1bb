// LOAD: the model file read into the graph IR, with its golden data, once per model file and
// frontend config. Kept in memory only: reading a model is cheaper than a cache entry would be.
// The backends of the task's runs check the graph here, so an unsupported op fails at LOAD.
#include <set>

#include "common/error.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

cache::Explanation StageExecutor::load(const Task& task) {
  const RunSpec& run = first_run(task);
  if (run.model.problem) throw Error(ErrorKind::Model, *run.model.problem);
  LoadOutput out;
  out.model = std::make_shared<const LoadedModel>(components_.load(run.model));
  std::set<std::string> backends;
  for (int r : task.runs) backends.insert(runs_[static_cast<size_t>(r)].backend);
  for (const std::string& name : backends) {
    try {
      components_.backend(name)->check(out.model->graph);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Unsupported) throw;
      out.unsupported[name] = e.what();  // fails only the runs with this backend (check_runs)
    }
  }
  set_output(task.id, std::move(out));
  return {cache::Why::NotCached, "models are read into memory in every session"};
}

}  // namespace mlonmcu::session
