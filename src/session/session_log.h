// The session log, temp/sessions/<id>/session.log: an append-only record of what a session set
// out to do and of each task's outcome, so `--resume` can finish an interrupted or failed session
// and write the report an uninterrupted one would (in the manner of ninja's build log).
//
// Format: a first line "mlonmcu-session-log <version>", then one JSON object per line:
//   {"record":"spec", "spec":{...}}                               what the session runs
//   {"record":"task", "task":NAME, "status":"done", "key":KEY, "output":{...}}  a task's output
//                                                  (not LOAD) and its cache key (cached kinds)
//   {"record":"task", "task":NAME, "status":"failed", "failure":KIND, "reason":TEXT}
//   {"record":"end", "interrupted":BOOL}
// A later record of a task replaces earlier ones; a resumed session appends to the same log. A
// torn last line (the process was killed while writing) is ignored.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "common/file_system.h"
#include "session/engine/failure.h"

namespace mlonmcu::session {

constexpr int kSessionLogVersion = 1;
constexpr const char* kSessionLogName = "session.log";

class SessionLog {
 public:
  SessionLog(FileSystem& files, std::filesystem::path path) : files_(files), path_(std::move(path)) {}

  void start(const nlohmann::json& spec);  // a new log: header and spec
  void task_done(const std::string& task, const nlohmann::json& output, const std::string& key);
  void task_failed(const std::string& task, const Failure& failure);
  void end(bool interrupted);

  struct Contents {
    nlohmann::json spec;
    std::map<std::string, nlohmann::json> done;  // task name → output, latest record wins
    std::set<std::string> keys;                   // cache entries the session used (`cleanup` keeps them)
    bool ended = false;
  };
  // Throws Error(Usage) when there is no log or it has another version.
  Contents read() const;

 private:
  void append(const nlohmann::json& record);
  FileSystem& files_;
  std::filesystem::path path_;
};

}  // namespace mlonmcu::session
