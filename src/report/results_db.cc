#include "report/results_db.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cctype>
#include <set>
#include <nlohmann/json.hpp>
#include <system_error>

#include "common/error.h"

namespace mlonmcu::report {

namespace {

namespace fs = std::filesystem;

// Every session column (columns.def) is a typed SQL column; the whole row is also kept as
// row_json, so columns a postprocess added are not lost.
struct TypedColumn {
  std::string report_name;
  std::string sql_name;
  ColumnType type;
};

// "Workspace Size [B]" -> workspace_size, "Run Instructions / MAC" -> run_instructions_per_mac.
std::string sql_name_of(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '[') {
      i = name.find(']', i);
      if (i == std::string::npos) break;
    } else if (c == '/') {
      out += "_per_";
    } else if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += '_';
    }
  }
  std::string squeezed;
  for (char c : out)
    if (c != '_' || (!squeezed.empty() && squeezed.back() != '_')) squeezed += c;
  while (!squeezed.empty() && squeezed.back() == '_') squeezed.pop_back();
  return squeezed;
}

const std::vector<TypedColumn>& typed_columns() {
  static const std::vector<TypedColumn> columns = [] {
    std::vector<TypedColumn> out;
    for (const Column& c : session_columns())
      if (c.name != col::kSession) out.push_back({c.name, sql_name_of(c.name), c.type});
    return out;
  }();
  return columns;
}

const char* sql_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::Integer:
    case ColumnType::Bool:
      return "INTEGER";
    case ColumnType::Real:
      return "REAL";
    case ColumnType::Text:
      return "TEXT";
  }
  return "TEXT";
}

[[noreturn]] void fail(sqlite3* db, const fs::path& path, const std::string& what) {
  throw Error(ErrorKind::Io,
              fmt::format("results database {}: {}: {}", path.string(), what, db ? sqlite3_errmsg(db) : "out of memory"));
}

class Database {
 public:
  Database(const fs::path& path, bool create) : path_(path) {
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Error(ErrorKind::Io, fmt::format("results database {}: cannot open: {}", path.string(), message));
    }
    // Other sessions may be writing at the same moment: wait for their lock instead of failing.
    sqlite3_busy_timeout(db_, 10000);
  }
  ~Database() { sqlite3_close(db_); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      throw Error(ErrorKind::Io, fmt::format("results database {}: {}", path_.string(), text));
    }
  }
  sqlite3* handle() const { return db_; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Database& db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      fail(db.handle(), db.path(), "bad statement");
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind_text(int index, const std::string& value) {
    check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  void bind_int(int index, int64_t value) { check(sqlite3_bind_int64(stmt_, index, value)); }
  void bind_real(int index, double value) { check(sqlite3_bind_double(stmt_, index, value)); }
  void bind_null(int index) { check(sqlite3_bind_null(stmt_, index)); }
  // True while there is a row to read.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_.handle(), db_.path(), "query failed");
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t column_int(int index) { return sqlite3_column_int64(stmt_, index); }
  std::string column_text(int index) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, index))) : std::string();
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_.handle(), db_.path(), "bind failed");
  }
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A cell that does not parse as its column's type becomes NULL there (row_json keeps the text).
void bind_cell(Statement& stmt, int index, ColumnType type, const std::string* cell) {
  if (cell == nullptr) return stmt.bind_null(index);
  switch (type) {
    case ColumnType::Text:
      return stmt.bind_text(index, *cell);
    case ColumnType::Integer:
      if (auto v = parse_integer_cell(*cell)) return stmt.bind_int(index, *v);
      return stmt.bind_null(index);
    case ColumnType::Real:
      if (auto v = parse_real_cell(*cell)) return stmt.bind_real(index, *v);
      return stmt.bind_null(index);
    case ColumnType::Bool:
      if (auto v = parse_bool_cell(*cell)) return stmt.bind_int(index, *v ? 1 : 0);
      return stmt.bind_null(index);
  }
}

int user_version(Database& db) {
  Statement stmt(db, "PRAGMA user_version");
  return stmt.step() ? static_cast<int>(stmt.column_int(0)) : 0;
}

// Creates the tables of an empty file; refuses files of a newer schema. Runs inside a transaction.
void ensure_schema(Database& db) {
  const int version = user_version(db);
  if (version > kResultsDbSchemaVersion) {
    throw Error(ErrorKind::Io, fmt::format("results database {}: schema version {} is newer than this mlonmcu ({})",
                                           db.path().string(), version, kResultsDbSchemaVersion));
  }
  if (version == kResultsDbSchemaVersion) return;
  if (version >= 1) {
    // A database of an older MLonMCU: the columns the table has gained since are added, empty for
    // its old rows (their row_json keeps what they had).
    std::set<std::string> present;
    Statement info(db, "PRAGMA table_info(results)");
    while (info.step()) present.insert(info.column_text(1));
    for (const auto& column : typed_columns())
      if (!present.count(column.sql_name))
        db.exec(fmt::format("ALTER TABLE results ADD COLUMN {} {}", column.sql_name, sql_type_name(column.type)));
    db.exec(fmt::format("PRAGMA user_version = {}", kResultsDbSchemaVersion));
    return;
  }
  // seq orders sessions by recording time even when two start in the same second.
  std::string results = "CREATE TABLE IF NOT EXISTS results (session TEXT NOT NULL, pos INTEGER NOT NULL";
  for (const auto& column : typed_columns()) {
    results += fmt::format(", {} {}", column.sql_name, sql_type_name(column.type));
  }
  results += ", row_json TEXT NOT NULL, PRIMARY KEY (session, pos))";
  db.exec(
      "CREATE TABLE IF NOT EXISTS sessions (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, "
      "label TEXT NOT NULL, created TEXT NOT NULL, row_count INTEGER NOT NULL)");
  db.exec(results);
  db.exec("CREATE INDEX IF NOT EXISTS results_model ON results (model)");
  db.exec("CREATE INDEX IF NOT EXISTS results_target ON results (target)");
  db.exec(fmt::format("PRAGMA user_version = {}", kResultsDbSchemaVersion));
}

std::string insert_sql() {
  std::string names = "session, pos";
  std::string params = "?1, ?2";
  int index = 3;
  for (const auto& column : typed_columns()) {
    names += fmt::format(", {}", column.sql_name);
    params += fmt::format(", ?{}", index++);
  }
  return fmt::format("INSERT INTO results ({}, row_json) VALUES ({}, ?{})", names, params, index);
}

std::string row_to_json(const Report::Row& row) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, value] : row) object[name] = value;
  // Replace invalid UTF-8 (e.g. a program's raw output in Reason) instead of throwing.
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Report::Row row_from_json(const Database& db, const std::string& text) {
  const auto object = nlohmann::json::parse(text, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    throw Error(ErrorKind::Io, fmt::format("results database {}: corrupt row_json", db.path().string()));
  }
  Report::Row row;
  for (const auto& [name, value] : object.items()) {
    row[name] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return row;
}

void require_existing(const fs::path& db_path) {
  std::error_code ec;
  if (!fs::is_regular_file(db_path, ec)) {
    throw Error(ErrorKind::Io, fmt::format("results database {} does not exist (no session recorded yet)",
                                           db_path.string()));
  }
}

// Opens an existing database for reading, checking it is one of ours.
void open_for_query(Database& db) {
  const int version = user_version(db);
  if (version != kResultsDbSchemaVersion) {
    throw Error(ErrorKind::Io, fmt::format("results database {}: unexpected schema version {} (expected {})",
                                           db.path().string(), version, kResultsDbSchemaVersion));
  }
}

}  // namespace

void record_session(const fs::path& db_path, const std::string& session_id, const std::string& label,
                    const Report& report) {
  std::error_code ec;
  if (db_path.has_parent_path()) fs::create_directories(db_path.parent_path(), ec);
  Database db(db_path, /*create=*/true);
  // WAL lets readers and one writer from concurrent sessions work without corrupting the file.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("BEGIN IMMEDIATE");
  try {
    ensure_schema(db);
    {
      Statement remove_rows(db, "DELETE FROM results WHERE session = ?1");
      remove_rows.bind_text(1, session_id);
      remove_rows.step();
      Statement remove_session(db, "DELETE FROM sessions WHERE id = ?1");
      remove_session.bind_text(1, session_id);
      remove_session.step();
    }
    Statement add_session(db,
                          "INSERT INTO sessions (id, label, created, row_count) "
                          "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3)");
    add_session.bind_text(1, session_id);
    add_session.bind_text(2, label);
    add_session.bind_int(3, static_cast<int64_t>(report.rows().size()));
    add_session.step();

    Statement add_row(db, insert_sql());
    int64_t pos = 0;
    for (const auto& row : report.rows()) {
      add_row.reset();
      add_row.bind_text(1, session_id);
      add_row.bind_int(2, pos++);
      int index = 3;
      for (const auto& column : typed_columns()) {
        const auto it = row.find(column.report_name);
        bind_cell(add_row, index++, column.type, it == row.end() ? nullptr : &it->second);
      }
      add_row.bind_text(index, row_to_json(row));
      add_row.step();
    }
    db.exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<SessionInfo> list_sessions(const fs::path& db_path) {
  require_existing(db_path);
  Database db(db_path, /*create=*/false);
  open_for_query(db);
  Statement stmt(db, "SELECT id, label, created, row_count FROM sessions ORDER BY seq");
  std::vector<SessionInfo> sessions;
  while (stmt.step()) {
    sessions.push_back({stmt.column_text(0), stmt.column_text(1), stmt.column_text(2), stmt.column_int(3)});
  }
  return sessions;
}

std::optional<SessionInfo> latest_session(const fs::path& db_path) {
  auto sessions = list_sessions(db_path);
  if (sessions.empty()) return std::nullopt;
  return sessions.back();
}

Report query_results(const fs::path& db_path, const ResultsQuery& query) {
  require_existing(db_path);
  Database db(db_path, /*create=*/false);
  open_for_query(db);
  // NULL parameters switch a filter off, so one statement serves every combination.
  const auto filters = [](const char* alias) {
    return fmt::format("(?1 IS NULL OR {0}.session = ?1) AND (?2 IS NULL OR {0}.model = ?2) AND "
                       "(?3 IS NULL OR {0}.target = ?3)",
                       alias);
  };
  const std::string sql = fmt::format(
      "SELECT r.row_json FROM results r JOIN sessions s ON s.id = r.session WHERE {} AND "
      "(?4 IS NULL OR s.seq IN (SELECT s2.seq FROM sessions s2 WHERE EXISTS (SELECT 1 FROM results r2 "
      "WHERE r2.session = s2.id AND {}) ORDER BY s2.seq DESC LIMIT ?4)) ORDER BY s.seq, r.pos",
      filters("r"), filters("r2"));
  Statement stmt(db, sql);
  const auto bind_optional = [&stmt](int index, const std::optional<std::string>& value) {
    if (value) stmt.bind_text(index, *value);
  };
  bind_optional(1, query.session);
  bind_optional(2, query.model);
  bind_optional(3, query.target);
  if (query.last_sessions) stmt.bind_int(4, *query.last_sessions);
  Report report;
  while (stmt.step()) report.add_row(row_from_json(db, stmt.column_text(0)));
  return report;
}

}  // namespace mlonmcu::report
