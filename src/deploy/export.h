// `mlonmcu export`: one aot run of a session as a self-contained folder a firmware engineer adds
// to their own build: the generated model, exactly the kernel sources it needs, a CMake library
// target, a README with the API, and an example main that runs one of the run's input samples.
//
//   DEST/CMakeLists.txt           library target <prefix> (+ <prefix>_example when asked)
//   DEST/README.md
//   DEST/model/<prefix>.h, .c     the generated code
//   DEST/kernels/...              kernel sources and headers (include dir: kernels/include)
//   DEST/example/main.c, sample_input.h
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mlonmcu::deploy {

struct ExportRequest {
  std::filesystem::path sessions_dir;         // <home>/temp/sessions
  std::optional<std::string> session;         // default: the latest session
  std::optional<std::string> run;             // default: the session's first aot run
  std::optional<std::filesystem::path> dest;  // default: ./<model>_aot
};

struct ExportResult {
  std::string session, run, model, prefix;
  std::filesystem::path dest;
  std::vector<std::filesystem::path> files;  // relative to dest
};

// Throws Usage for a session/run that does not exist or is not an aot build, Io when DEST
// exists and is not empty, or for files that cannot be written.
ExportResult export_run(const ExportRequest& request);

}  // namespace mlonmcu::deploy
