// COMPILE: the harness and the backend's sources compiled and linked with the libraries (built
// by LIB tasks) into a program for the target, once per build, target, target config and
// program options. Cached: keyed by the content of every source and header, the libraries' keys
// and the target's config; the programs it started (compilers) are checked before reuse.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "session/program.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

namespace {

constexpr int kCompileFormat = 1;

}  // namespace

cache::Explanation StageExecutor::compile(const Task& task, TaskControl& control) {
  const RunSpec& run = first_run(task);
  const LoadOutput& load = *output<LoadOutput>(dep(task, TaskKind::Load));
  const BuildOutput& build = *output<BuildOutput>(dep(task, TaskKind::Build));
  const ProgramSpec spec = program_spec(run);
  const auto& golden = load.model->golden.inputs;
  const std::vector<std::vector<models::Bytes>> samples(
      golden.begin(), golden.begin() + static_cast<std::ptrdiff_t>(program_sample_count(spec, golden.size())));
  const platform::ProgramFiles program = platform::program_files(samples, load.model->graph.outputs.size(), spec.options);
  place(task, "compile",
        {{platform::kConfigHeaderName, program.config_header, false},
         {platform::kInputFileName, std::string(program.inputs.begin(), program.inputs.end()), false}});

  targets::CompileRequest request =
      platform::program_request(build.in(run.dir / "build"), spec.options, run.dir / "compile");
  request.cache_dir = settings_.library_cache;
  cache::CacheKey key = base_key(task, kCompileFormat, run.target_keys);
  key.config("program", request.program_name);
  key.config("defines", fmt::format("{}", fmt::join(request.defines, " ")));
  add_files(key, run, request.sources);
  add_headers(key, run, request.include_dirs);
  // The libraries come built from their LIB tasks; their keys stand for their content and flags.
  for (const targets::Library& library : request.libraries) {
    const int lib = lib_dep(task, library.name);
    request.archives.push_back(output<LibOutput>(lib)->archive);
    key.input_digest("library " + library.name, key_of(lib));
  }
  return cached(
      task, key, control,
      [&] {
        const targets::CompileResult compiled = components_.target(run.target)->compile(request, run.config);
        const auto elf = files_.read(compiled.elf);
        if (!elf) throw Error(ErrorKind::Io, "cannot read " + compiled.elf.string());
        Produced p;
        p.metadata = to_json(CompileOutput{compiled.elf.filename().string(), compiled.memory});
        p.files.push_back({compiled.elf.filename().string(), *elf, true});
        return p;
      },
      [&](const cache::CacheEntry& entry) {
        place(task, "compile", entry.files);
        set_output(task.id, compile_output_from_json(nlohmann::json::parse(entry.metadata)));
      });
}

}  // namespace mlonmcu::session
