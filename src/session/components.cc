#include "session/components.h"

#include "common/error.h"
#include "frontends/frontend.h"

namespace mlonmcu::session {

std::unique_ptr<backends::Backend> Components::backend(const std::string& name) const {
  return backends::make_backend(name);
}

std::unique_ptr<targets::Target> Components::target(const std::string& name) const {
  return targets::make_target(name);
}

LoadedModel Components::load(const models::ModelInfo& info) const {
  LoadedModel m;
  m.graph = frontends::load_model(info.model_file);
  if (info.input_dir) {
    try {
      m.golden = models::load_golden(info, m.graph);
      m.has_golden_inputs = m.golden.num_samples() > 0;
      if (!m.has_golden_inputs) m.golden_problem = "no samples in " + info.input_dir->string();
    } catch (const Error& e) {
      // Golden data matters only to `validate`; other runs go on with synthetic inputs.
      m.golden_problem = e.what();
      m.golden = {};
    }
  } else {
    m.golden_problem = "the model has no input/ directory";
  }
  if (!m.has_golden_inputs) m.golden = models::synthetic_inputs(m.graph, 1);
  return m;
}

const Components& builtin_components() {
  static const Components components;
  return components;
}

}  // namespace mlonmcu::session
