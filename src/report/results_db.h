// The results database (product brief §7): every session's report rows in one SQLite file in
// the environment, so sessions can be queried and compared later. A typed column per report
// column (results.<snake_case name without unit>) makes SQL queries easy; `row_json` keeps the whole row so nothing is lost.
// Every failure (unreadable, corrupt or locked file) is an Error(Io) carrying sqlite's message.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace mlonmcu::report {

// Bumped whenever the tables change; stored in PRAGMA user_version. 2: a typed column for every
// column of the column table (columns.def); a version 1 file gets the missing ones added.
constexpr int kResultsDbSchemaVersion = 2;

// Inserts all rows of `report` as session `session_id` (replacing an earlier recording of the
// same id), in one transaction. Creates the file, its directory and the tables when missing.
void record_session(const std::filesystem::path& db_path, const std::string& session_id, const std::string& label,
                    const Report& report);

struct SessionInfo {
  std::string id;
  std::string label;
  std::string created;  // UTC, ISO 8601 ("2026-11-26T07:01:54Z")
  int64_t rows = 0;
};

struct ResultsQuery {
  std::optional<std::string> session;  // exact session id
  std::optional<std::string> model;    // exact model name
  std::optional<std::string> target;   // exact target name
  // Restrict to the N most recently recorded sessions (after the filters above).
  std::optional<int64_t> last_sessions;
};

// Sessions, oldest first.
std::vector<SessionInfo> list_sessions(const std::filesystem::path& db_path);

// The most recently recorded session, if any.
std::optional<SessionInfo> latest_session(const std::filesystem::path& db_path);

// The matching rows, rebuilt from row_json, in recording order (sessions oldest first, rows in
// their report order). A missing database file is an Error(Io).
Report query_results(const std::filesystem::path& db_path, const ResultsQuery& query);

}  // namespace mlonmcu::report
