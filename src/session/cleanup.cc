#include "session/cleanup.h"

#include <algorithm>
#include <string>
#include <vector>

#include "cache/task_cache.h"
#include "common/error.h"
#include "session/session_log.h"

namespace mlonmcu::session {

namespace fs = std::filesystem;

namespace {

uint64_t bytes_under(const FileSystem& files, const fs::path& dir) {
  uint64_t total = 0;
  for (const auto& f : files.files_under(dir))
    if (const auto stat = files.stat(f)) total += stat->size;
  return total;
}

}  // namespace

CleanupResult cleanup_environment(FileSystem& files, const environment::Environment& env, size_t keep, bool deps) {
  CleanupResult result;
  std::vector<std::pair<long, fs::path>> sessions;
  for (const fs::path& dir : files.list(env.sessions_dir())) {
    const std::string name = dir.filename().string();
    if (!name.empty() && name.size() < 12 && std::all_of(name.begin(), name.end(), ::isdigit))
      sessions.emplace_back(std::stol(name), dir);
  }
  std::sort(sessions.begin(), sessions.end());
  const size_t remove = sessions.size() > keep ? sessions.size() - keep : 0;
  std::set<std::string> used_keys;
  for (size_t i = 0; i < sessions.size(); ++i) {
    const fs::path& dir = sessions[i].second;
    if (i < remove) {
      result.bytes_freed += bytes_under(files, dir);
      files.remove_all(dir);
      ++result.sessions_removed;
      continue;
    }
    ++result.sessions_kept;
    try {
      const auto log = SessionLog(files, dir / kSessionLogName).read();
      used_keys.insert(log.keys.begin(), log.keys.end());
    } catch (const Error&) {
      // A session without a readable log pins no cache entries.
    }
  }
  if (deps) {
    result.bytes_freed += bytes_under(files, env.deps_dir());
    result.entries_removed = files.files_under(env.deps_dir()).size();
    files.remove_all(env.deps_dir());
    files.create_directories(env.deps_dir());
  } else {
    cache::TaskCache cache(files, env.deps_dir() / "cache");
    const auto trimmed = cache.trim(used_keys);
    result.entries_removed = trimmed.entries;
    result.bytes_freed += trimmed.bytes;
  }
  return result;
}

}  // namespace mlonmcu::session
