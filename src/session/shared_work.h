// Work shared between the runs of a session: a model is read (and its golden data converted)
// once, whatever number of backends × targets use it. Thread-safe; the first run that asks
// does the work, the others wait for it and share the result (or the same error).
#pragma once

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "ir/graph.h"
#include "models/golden.h"
#include "models/model_info.h"

namespace mlonmcu::session {

struct LoadedModel {
  ir::Graph graph;
  models::GoldenData golden;
  bool has_golden_inputs = false;
};

class SharedWork {
 public:
  std::shared_ptr<const LoadedModel> model(const models::ModelInfo& info);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_future<std::shared_ptr<const LoadedModel>>> models_;
};

}  // namespace mlonmcu::session
