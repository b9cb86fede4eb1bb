// POSTPROCESS: per run, what is computed from the program's outputs: feature `validate`, and the
// postprocess `export_outputs` (each sample's outputs as runs/<run>/outputs/<sample>_<output>.npy).
// Cheap and run every time; its report cells are kept even when validation fails.
#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "models/npy.h"
#include "platform/mlif/mlif.h"
#include "report/columns.h"
#include "session/program.h"
#include "session/stages/stage_executor.h"
#include "session/validate.h"

namespace mlonmcu::session {

namespace {

void export_outputs(FileSystem& files, const RunSpec& run, const ir::Graph& graph,
                    const std::vector<std::vector<models::Bytes>>& outputs) {
  for (size_t sample = 0; sample < outputs.size(); ++sample) {
    for (size_t k = 0; k < outputs[sample].size() && k < graph.outputs.size(); ++k) {
      const ir::Tensor& tensor = graph.tensors[static_cast<size_t>(graph.outputs[k])];
      models::NpyArray array;
      array.dtype = tensor.dtype;
      array.shape.assign(tensor.shape.begin(), tensor.shape.end());
      array.data = outputs[sample][k];
      const std::vector<uint8_t> bytes = models::write_npy(array);
      files.write(run.dir / "outputs" / fmt::format("{}_{}.npy", sample, k), std::string(bytes.begin(), bytes.end()));
    }
  }
}

}  // namespace

cache::Explanation StageExecutor::postprocess(const Task& task) {
  const RunSpec& run = first_run(task);
  PostprocessOutput out;
  const bool exporting =
      std::find(run.postprocesses.begin(), run.postprocesses.end(), "export_outputs") != run.postprocesses.end();
  if (run.has("validate") || exporting) {
    const LoadOutput& load = *output<LoadOutput>(dep(task, TaskKind::Load));
    const RunOutput& ran = *output<RunOutput>(dep(task, TaskKind::Run));
    const LoadedModel& model = *load.model;
    const size_t samples = program_sample_count(program_spec(run), model.golden.inputs.size());
    const platform::ProgramOutput program =
        platform::parse_program_output(ran.result.output, samples, model.graph.outputs.size(), run.target);
    if (exporting) export_outputs(files_, run, model.graph, program.outputs);
    if (run.has("validate")) {
      const Tolerance tol{run.config.get_float("validate.atol"), run.config.get_float("validate.rtol"),
                          components_.backend(run.backend)->tolerance_lsb(run.config)};
      const ValidationResult v = validate_outputs(model.graph, model.golden, program.outputs, tol);
      out.cells[report::col::kValidation] = v.passed ? "true" : "false";
      if (v.samples > 0) out.cells[report::col::kValidationExact] = fmt::format("{}/{}", v.exact_samples, v.samples);
      if (v.max_diff) out.cells[report::col::kValidationMaxDiff] = fmt::format("{:g}", *v.max_diff);
      if (v.top1_agrees) out.cells[report::col::kValidationTop1] = *v.top1_agrees ? "true" : "false";
      if (v.reference_max_diff) out.cells[report::col::kValidationRefMaxDiff] = fmt::format("{:g}", *v.reference_max_diff);
      files_.write(run.dir / "validation.txt", v.summary + "\n");
      set_output(task.id, out);
      if (!v.passed) throw Error(ErrorKind::Validation, "validate: " + v.summary);
    }
  }
  set_output(task.id, out);
  return {cache::Why::NotCached, "postprocessing runs in every session"};
}

}  // namespace mlonmcu::session
