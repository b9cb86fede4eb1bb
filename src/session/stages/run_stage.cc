// RUN: the program on its target (simulator or host), once per program and run options.
// Cached: programs are deterministic and instruction counts exact, so the same program on the
// same inputs with the same simulator gives the same result; the simulator's identity is
// checked before an entry is reused.
#include "common/error.h"
#include "session/program.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

namespace {

constexpr int kRunFormat = 1;
constexpr const char* kStdoutName = "stdout.txt";

}  // namespace

cache::Explanation StageExecutor::run(const Task& task, TaskControl& control) {
  const RunSpec& run = first_run(task);
  const LoadOutput& load = *output<LoadOutput>(dep(task, TaskKind::Load));
  const BuildOutput& build = *output<BuildOutput>(dep(task, TaskKind::Build));
  const CompileOutput& compiled = *output<CompileOutput>(dep(task, TaskKind::Compile));
  const std::filesystem::path compile_dir = run.dir / "compile";
  const auto program = files_.read(compile_dir / compiled.program);
  const auto inputs = files_.read(compile_dir / platform::kInputFileName);
  if (!program || !inputs) throw Error(ErrorKind::Io, "the program of " + task.name + " is missing in " + compile_dir.string());
  // The harness opens its samples by a relative name in its working directory.
  place(task, "run", {{platform::kInputFileName, *inputs, false}});

  const ProgramSpec spec = program_spec(run);
  targets::RunRequest request;
  request.elf = compile_dir / compiled.program;
  request.work_dir = run.dir / "run";
  request.count_layers = spec.options.layer_markers;
  request.num_layers = static_cast<int32_t>(build.output.layers.size());
  cache::CacheKey key = base_key(task, kRunFormat, run.target_keys);
  key.config("count_layers", request.count_layers ? "true" : "false");
  key.config("num_layers", std::to_string(request.num_layers));
  key.input("program", *program);
  key.input("inputs", *inputs);
  const size_t samples = program_sample_count(spec, load.model->golden.inputs.size());
  return cached(
      task, key, control,
      [&] {
        const targets::RunResult ran = components_.target(run.target)->run(request, run.config);
        files_.write(request.work_dir / kStdoutName, ran.output);  // kept also when the output is bad
        const platform::ProgramOutput out =
            platform::parse_program_output(ran.output, samples, load.model->graph.outputs.size(), run.target);
        Produced p;
        p.metadata = to_json(RunOutput{ran, out.inferences, out.stack_bytes});
        p.files.push_back({kStdoutName, ran.output, false});
        return p;
      },
      [&](const cache::CacheEntry& entry) {
        place(task, "run", entry.files);
        std::string text;
        for (const auto& f : entry.files)
          if (f.name == kStdoutName) text = f.content;
        set_output(task.id, run_output_from_json(nlohmann::json::parse(entry.metadata), std::move(text)));
      });
}

}  // namespace mlonmcu::session
