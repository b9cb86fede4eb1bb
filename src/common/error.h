// Errors of the tool. A fixed set of kinds, so a failed run's `Reason` can name its category.
// Thrown inside the tool; caught at a run-stage boundary (→ failed run) or at the command line
// (→ one clear line, non-zero exit).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace mlonmcu {

enum class ErrorKind {
  Usage,        // bad command line, unknown model/backend/target name
  Config,       // unknown config key, bad value
  Model,        // unreadable, corrupt or hostile model file
  Unsupported,  // op/option/dtype the backend cannot handle
  Data,         // golden data missing, wrong size, unreadable
  Toolchain,    // compiler/simulator missing or failing to build
  Target,       // program crashed, aborted, trapped, exited non-zero
  Timeout,      // a stage exceeded its time limit
  Validation,   // outputs differ from golden data
  Io,           // file system problems
  Internal,     // a bug in MLonMCU
};

std::string_view error_kind_name(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace mlonmcu
