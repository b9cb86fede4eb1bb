// Test helper: a model of ../shared/models by name, or nullopt when that folder is absent (the
// test then skips, saying so).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "models/model_info.h"

namespace mlonmcu::test {

inline std::optional<models::ModelInfo> shared_model(const std::string& name) {
  const std::filesystem::path root(MLONMCU_SHARED_MODELS);
  if (!std::filesystem::exists(root / name)) return std::nullopt;
  for (const auto& m : models::discover_models({root}))
    if (m.name == name) return m;
  return std::nullopt;
}

}  // namespace mlonmcu::test
