// LOAD: the model file read into the graph IR, with its golden data, once per model file and
// frontend config. Kept in memory only: reading a model is cheaper than a cache entry would be.
// The backends of the task's runs check the graph here, so an unsupported op fails at LOAD.

#include "common/error.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

cache::Explanation StageExecutor::load(const Task& task) {
  const RunSpec& run = first_run(task);
  if (run.model.problem) throw Error(ErrorKind::Model, *run.model.problem);
  LoadOutput out;
  out.model = std::make_shared<const LoadedModel>(components_.load(run.model));
  // Once per build variant: a backend may reject the model (an op it lacks), or miss a
  // framework, for some features or targets only; that fails only those runs (check_runs).
  for (int r : task.runs) {
    const RunSpec& user = runs_[static_cast<size_t>(r)];
    auto [it, added] = out.checks.emplace(build_variant(user), std::nullopt);
    if (!added) continue;
    try {
      components_.backend(user.backend)->check(out.model->graph, build_context(user));
    } catch (const Error& e) {
      it->second = failure_of(e);
    }
  }
  set_output(task.id, std::move(out));
  return {cache::Why::NotCached, "models are read into memory in every session"};
}

}  // namespace mlonmcu::session
