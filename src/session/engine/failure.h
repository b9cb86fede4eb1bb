// Why a run failed, as the report's `Failure` column names it: a fixed set of kinds beside a
// one-line `Reason`; the full text (a compiler's or simulator's output) goes to the run's log.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "common/error.h"

namespace mlonmcu::session {

enum class FailureKind { Usage, Unsupported, Toolchain, Target, Timeout, Validation, Interrupted, Internal };

std::string_view failure_kind_name(FailureKind kind);  // "usage", ...
FailureKind failure_kind_of(ErrorKind kind);

struct Failure {
  FailureKind kind = FailureKind::Internal;
  std::string reason;  // one line
  std::string detail;  // the whole message, may be many lines
};

// An exception as a failure: Error kinds map onto failure kinds, anything else is internal.
Failure failure_of(const std::exception& e);
Failure make_failure(FailureKind kind, const std::string& message);

}  // namespace mlonmcu::session
