#include "session/shared_work.h"

#include "frontends/frontend.h"

namespace mlonmcu::session {

namespace {

std::shared_ptr<const LoadedModel> load(const models::ModelInfo& info) {
  auto m = std::make_shared<LoadedModel>();
  m->graph = frontends::load_model(info.model_file);
  if (info.input_dir) {
    m->golden = models::load_golden(info, m->graph);
    m->has_golden_inputs = m->golden.num_samples() > 0;
  }
  if (!m->has_golden_inputs) m->golden = models::synthetic_inputs(m->graph, 1);
  return m;
}

}  // namespace

std::shared_ptr<const LoadedModel> SharedWork::model(const models::ModelInfo& info) {
  std::shared_future<std::shared_ptr<const LoadedModel>> future;
  std::promise<std::shared_ptr<const LoadedModel>> promise;
  bool owner = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string key = info.model_file.string();
    auto it = models_.find(key);
    if (it == models_.end()) {
      future = promise.get_future().share();
      models_.emplace(key, future);
      owner = true;
    } else {
      future = it->second;
    }
  }
  if (owner) {
    try {
      promise.set_value(load(info));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  }
  return future.get();
}

}  // namespace mlonmcu::session
