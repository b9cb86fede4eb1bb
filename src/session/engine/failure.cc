#include "session/engine/failure.h"

namespace mlonmcu::session {

std::string_view failure_kind_name(FailureKind kind) {
  switch (kind) {
    case FailureKind::Usage: return "usage";
    case FailureKind::Unsupported: return "unsupported";
    case FailureKind::Toolchain: return "toolchain";
    case FailureKind::Target: return "target";
    case FailureKind::Timeout: return "timeout";
    case FailureKind::Validation: return "validation";
    case FailureKind::Interrupted: return "interrupted";
    case FailureKind::Internal: return "internal";
  }
  return "internal";
}

FailureKind failure_kind_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage:
    case ErrorKind::Config:
    case ErrorKind::Model:
    case ErrorKind::Data: return FailureKind::Usage;  // the user's input is wrong
    case ErrorKind::Unsupported: return FailureKind::Unsupported;
    case ErrorKind::Toolchain: return FailureKind::Toolchain;
    case ErrorKind::Target: return FailureKind::Target;
    case ErrorKind::Timeout: return FailureKind::Timeout;
    case ErrorKind::Validation: return FailureKind::Validation;
    case ErrorKind::Io:
    case ErrorKind::Internal: return FailureKind::Internal;
  }
  return FailureKind::Internal;
}

Failure make_failure(FailureKind kind, const std::string& message) {
  Failure f;
  f.kind = kind;
  f.detail = message;
  const size_t newline = message.find('\n');
  f.reason = message.substr(0, newline);
  while (!f.reason.empty() && (f.reason.back() == ':' || f.reason.back() == ' ' || f.reason.back() == '\r'))
    f.reason.pop_back();
  return f;
}

Failure failure_of(const std::exception& e) {
  if (const auto* error = dynamic_cast<const Error*>(&e)) return make_failure(failure_kind_of(error->kind()), e.what());
  return make_failure(FailureKind::Internal, std::string("internal error: ") + e.what());
}

}  // namespace mlonmcu::session
