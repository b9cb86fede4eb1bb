#include "common/error.h"

namespace mlonmcu {

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Config: return "config";
    case ErrorKind::Model: return "model";
    case ErrorKind::Unsupported: return "unsupported";
    case ErrorKind::Data: return "data";
    case ErrorKind::Toolchain: return "toolchain";
    case ErrorKind::Target: return "target";
    case ErrorKind::Timeout: return "timeout";
    case ErrorKind::Validation: return "validation";
    case ErrorKind::Io: return "io";
    case ErrorKind::Internal: return "internal";
  }
  return "internal";
}

}  // namespace mlonmcu
