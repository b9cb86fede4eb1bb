#include "session/session_log.h"

#include <sstream>

#include <fmt/format.h>

#include "common/error.h"

namespace mlonmcu::session {

using nlohmann::json;

namespace {

constexpr const char* kMagic = "mlonmcu-session-log";

}  // namespace

void SessionLog::start(const json& spec) {
  files_.write(path_, fmt::format("{} {}\n", kMagic, kSessionLogVersion));
  append({{"record", "spec"}, {"spec", spec}});
}

void SessionLog::task_done(const std::string& task, const json& output, const std::string& key) {
  json record = {{"record", "task"}, {"task", task}, {"status", "done"}, {"output", output}};
  if (!key.empty()) record["key"] = key;
  append(record);
}

void SessionLog::task_failed(const std::string& task, const Failure& failure) {
  append({{"record", "task"},
          {"task", task},
          {"status", "failed"},
          {"failure", std::string(failure_kind_name(failure.kind))},
          {"reason", failure.reason}});
}

void SessionLog::end(bool interrupted) { append({{"record", "end"}, {"interrupted", interrupted}}); }

void SessionLog::append(const json& record) {
  // One line per record; invalid UTF-8 (a program's garbled output) is replaced, not refused.
  files_.append(path_, record.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
}

SessionLog::Contents SessionLog::read() const {
  const auto text = files_.read(path_);
  if (!text) throw Error(ErrorKind::Usage, fmt::format("no session log {} (was the session started by an older MLonMCU?)", path_.string()));
  std::istringstream in(*text);
  std::string line;
  std::getline(in, line);
  const std::string expected = fmt::format("{} {}", kMagic, kSessionLogVersion);
  if (line != expected)
    throw Error(ErrorKind::Usage, fmt::format("{}: not a session log of this MLonMCU (first line '{}', expected '{}')",
                                              path_.string(), line, expected));
  Contents contents;
  bool has_spec = false;
  while (std::getline(in, line)) {
    json record;
    try {
      record = json::parse(line);
    } catch (const json::exception&) {
      continue;  // a line torn by a kill
    }
    const std::string kind = record.value("record", "");
    if (kind == "spec") {
      contents.spec = record.value("spec", json());
      has_spec = true;
    } else if (kind == "task") {
      const std::string task = record.value("task", "");
      if (record.value("status", "") == "done") {
        contents.done[task] = record.value("output", json());
        if (record.contains("key")) contents.keys.insert(record.value("key", ""));
      } else {
        contents.done.erase(task);
      }
    } else if (kind == "end") {
      contents.ended = true;
    }
  }
  if (!has_spec) throw Error(ErrorKind::Usage, path_.string() + ": the session log holds no spec");
  return contents;
}

}  // namespace mlonmcu::session
