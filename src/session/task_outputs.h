// What each kind of task produces, as the tasks after it (and the report rows) use it, and as
// cache entries and the session log store it (JSON; paths inside a run's stage directory are
// kept relative to it, so one output serves every run that shares the task).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "backends/backend.h"
#include "session/components.h"
#include "session/engine/failure.h"
#include "targets/target.h"

namespace mlonmcu::session {

struct LoadOutput {
  std::shared_ptr<const LoadedModel> model;
  // Per build variant (matrix.h) of the task's runs: why its backend cannot build the model.
  std::map<std::string, std::optional<Failure>> checks;
};

struct BuildOutput {
  backends::BackendOutput output;  // paths below the build directory are relative to it
  // The output as seen from one run's build directory.
  backends::BackendOutput in(const std::filesystem::path& build_dir) const;
};

struct LibOutput {
  std::filesystem::path archive;  // in the session's libs/ directory
};

struct CompileOutput {
  std::string program;  // file name in the compile directory
  targets::MemoryUsage memory;
};

struct RunOutput {
  targets::RunResult result;  // result.output: the program's stdout
  int64_t inferences = 0;     // from the harness's MLIF_DONE line
  std::optional<int64_t> program_stack;  // from its MLIF_STACK line
};

struct PostprocessOutput {
  std::map<std::string, std::string> cells;  // report cells (Validation, ...)
};

// Paths below `dir` become relative, others stay as they are.
BuildOutput relative_build_output(const backends::BackendOutput& output, const std::filesystem::path& dir);

nlohmann::json to_json(const BuildOutput& out);
nlohmann::json to_json(const CompileOutput& out);
nlohmann::json to_json(const RunOutput& out);  // without the stdout text (stored as a file)
nlohmann::json to_json(const PostprocessOutput& out);
// Throw Error(Io) on malformed JSON, so a damaged log or entry is rebuilt, not trusted.
BuildOutput build_output_from_json(const nlohmann::json& j);
CompileOutput compile_output_from_json(const nlohmann::json& j);
RunOutput run_output_from_json(const nlohmann::json& j, std::string stdout_text);
PostprocessOutput postprocess_output_from_json(const nlohmann::json& j);

}  // namespace mlonmcu::session
