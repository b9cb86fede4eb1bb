#include "session/program.h"

#include <algorithm>

#include <fmt/format.h>

namespace mlonmcu::session {

ProgramSpec program_spec(const RunSpec& run) {
  ProgramSpec p;
  p.options.repeat = run.has("benchmark") ? static_cast<int>(run.config.get_int("benchmark.num")) : 1;
  p.options.layer_markers = run.has("layer_profile");
  p.options.stack_paint = run.target != "host_x86";
  // `validate` runs every golden sample (or validate.samples of them), otherwise the first one.
  p.max_samples = run.has("validate") ? static_cast<size_t>(run.config.get_int("validate.samples")) : 1;
  return p;
}

size_t program_sample_count(const ProgramSpec& spec, size_t available) {
  return spec.max_samples == 0 ? available : std::min(available, spec.max_samples);
}

std::string ProgramSpec::text() const {
  return fmt::format("repeat={} layer_markers={} stack_paint={} samples={}", options.repeat, options.layer_markers,
                     options.stack_paint, max_samples == 0 ? std::string("all") : std::to_string(max_samples));
}

}  // namespace mlonmcu::session
