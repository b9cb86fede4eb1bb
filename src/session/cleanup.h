// `mlonmcu cleanup`: trims an environment. Keeps the newest N sessions (temp/sessions/<id>) and
// the cached task outputs those sessions' logs name; with `deps`, removes everything in deps/
// (runtime libraries and cached task outputs) as well.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/file_system.h"
#include "environment/environment.h"

namespace mlonmcu::session {

struct CleanupResult {
  size_t sessions_removed = 0;
  size_t sessions_kept = 0;
  size_t entries_removed = 0;
  uint64_t bytes_freed = 0;
};

CleanupResult cleanup_environment(FileSystem& files, const environment::Environment& env, size_t keep, bool deps);

}  // namespace mlonmcu::session
