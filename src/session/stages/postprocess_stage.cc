// POSTPROCESS: per run, what is computed from the program's outputs (feature `validate`).
// Cheap and run every time; its report cells are kept even when validation fails.
#include <fmt/format.h>

#include "common/error.h"
#include "platform/mlif/mlif.h"
#include "session/program.h"
#include "session/stages/stage_executor.h"
#include "session/validate.h"

namespace mlonmcu::session {

cache::Explanation StageExecutor::postprocess(const Task& task) {
  const RunSpec& run = first_run(task);
  PostprocessOutput out;
  if (run.has("validate")) {
    const LoadOutput& load = *output<LoadOutput>(dep(task, TaskKind::Load));
    const RunOutput& ran = *output<RunOutput>(dep(task, TaskKind::Run));
    const LoadedModel& model = *load.model;
    const size_t samples = program_sample_count(program_spec(run), model.golden.inputs.size());
    const platform::ProgramOutput program =
        platform::parse_program_output(ran.result.output, samples, model.graph.outputs.size(), run.target);
    const Tolerance tol{run.config.get_float("validate.atol"), run.config.get_float("validate.rtol")};
    const ValidationResult v = validate_outputs(model.graph, model.golden, program.outputs, tol);
    out.cells["Validation"] = v.passed ? "true" : "false";
    if (v.max_diff) out.cells["Validation Max Diff"] = fmt::format("{:g}", *v.max_diff);
    if (v.top1_agrees) out.cells["Validation Top-1"] = *v.top1_agrees ? "true" : "false";
    if (v.reference_max_diff) out.cells["Validation Ref Max Diff"] = fmt::format("{:g}", *v.reference_max_diff);
    files_.write(run.dir / "validation.txt", v.summary + "\n");
    set_output(task.id, out);
    if (!v.passed) throw Error(ErrorKind::Validation, "validate: " + v.summary);
    return {cache::Why::NotCached, "postprocessing runs in every session"};
  }
  set_output(task.id, out);
  return {cache::Why::NotCached, "postprocessing runs in every session"};
}

}  // namespace mlonmcu::session
