// The SQLite results database: recording sessions, querying them back, typed columns, and bad
// files giving Error(Io) instead of a crash.
#include "report/results_db.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>

#include "common/error.h"

namespace mlonmcu::report {
namespace {

namespace fs = std::filesystem;

class ResultsDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("mlonmcu_results_db_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    db_ = dir_ / "nested" / "results.db";  // the directory does not exist yet
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  fs::path db_;
};

Report::Row make_row(const std::string& session, const std::string& run, const std::string& model,
                     const std::string& target, const std::string& instructions) {
  return {{"Session", session},         {"Run", run},          {"Model", model},
          {"Backend", "tflmi"},         {"Target", target},    {"Failing", "false"},
          {"Run Instructions", instructions}, {"Total ROM", "40960"}, {"Validation", "true"},
          {"Run Stage Time [s]", "1.25"}};
}

Report first_session() {
  Report r;
  r.add_row(make_row("1", "0", "aww", "etiss", "1000"));
  r.add_row(make_row("1", "1", "vww", "etiss", "2000"));
  r.add_row(make_row("1", "2", "aww", "spike", "3000"));
  return r;
}

Report second_session() {
  Report r;
  r.add_row(make_row("2", "0", "aww", "etiss", "1100"));
  Report::Row failed = make_row("2", "1", "toycar", "host_x86", "");
  failed["Failing"] = "true";
  failed["Reason"] = "Target: program trapped";
  failed["My Extra Column"] = "kept";
  failed.erase("Run Instructions");
  r.add_row(failed);
  return r;
}

// Designated initializers would trip -Wmissing-field-initializers.
ResultsQuery where(std::optional<std::string> session, std::optional<std::string> model,
                   std::optional<std::string> target, std::optional<int64_t> last_sessions) {
  ResultsQuery q;
  q.session = std::move(session);
  q.model = std::move(model);
  q.target = std::move(target);
  q.last_sessions = last_sessions;
  return q;
}

std::vector<std::string> column_of(const Report& report, const std::string& name) {
  std::vector<std::string> values;
  for (const auto& row : report.rows()) {
    const auto it = row.find(name);
    values.push_back(it == row.end() ? "<missing>" : it->second);
  }
  return values;
}

TEST_F(ResultsDbTest, RecordsTwoSessionsAndQueriesThemBack) {
  record_session(db_, "1", "first", first_session());
  record_session(db_, "2", "second", second_session());

  const auto sessions = list_sessions(db_);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].id, "1");
  EXPECT_EQ(sessions[0].label, "first");
  EXPECT_EQ(sessions[0].rows, 3);
  EXPECT_EQ(sessions[1].id, "2");
  EXPECT_EQ(sessions[1].rows, 2);
  EXPECT_EQ(sessions[1].created.size(), 20u);  // 2026-11-26T07:01:54Z
  EXPECT_EQ(sessions[1].created.back(), 'Z');
  ASSERT_TRUE(latest_session(db_).has_value());
  EXPECT_EQ(latest_session(db_)->id, "2");

  const Report all = query_results(db_, {});
  EXPECT_EQ(column_of(all, "Run Instructions"),
            (std::vector<std::string>{"1000", "2000", "3000", "1100", "<missing>"}));

  const Report by_session = query_results(db_, where("1", {}, {}, {}));
  EXPECT_EQ(column_of(by_session, "Model"), (std::vector<std::string>{"aww", "vww", "aww"}));

  const Report by_model = query_results(db_, where({}, "aww", {}, {}));
  EXPECT_EQ(column_of(by_model, "Run Instructions"), (std::vector<std::string>{"1000", "3000", "1100"}));

  const Report by_target = query_results(db_, where({}, {}, "etiss", {}));
  EXPECT_EQ(column_of(by_target, "Run Instructions"), (std::vector<std::string>{"1000", "2000", "1100"}));

  const Report both = query_results(db_, where("1", "aww", "spike", {}));
  EXPECT_EQ(column_of(both, "Run Instructions"), (std::vector<std::string>{"3000"}));

  EXPECT_TRUE(query_results(db_, where("3", {}, {}, {})).rows().empty());
  EXPECT_TRUE(query_results(db_, where({}, "nonexistent", {}, {})).rows().empty());
}

TEST_F(ResultsDbTest, LastSessionsCountsOnlySessionsWithMatchingRows) {
  record_session(db_, "1", "", first_session());
  record_session(db_, "2", "", second_session());
  EXPECT_EQ(column_of(query_results(db_, where({}, {}, {}, 1)), "Session"),
            (std::vector<std::string>{"2", "2"}));
  EXPECT_EQ(query_results(db_, where({}, {}, {}, 2)).rows().size(), 5u);
  // Only session 1 ran vww: the latest session *with vww* is 1.
  EXPECT_EQ(column_of(query_results(db_, where({}, "vww", {}, 1)), "Run Instructions"),
            (std::vector<std::string>{"2000"}));
}

TEST_F(ResultsDbTest, RowJsonKeepsEveryColumn) {
  record_session(db_, "2", "", second_session());
  const Report back = query_results(db_, {});
  ASSERT_EQ(back.rows().size(), 2u);
  EXPECT_EQ(back.rows()[1], second_session().rows()[1]);
  EXPECT_EQ(back.rows()[1].at("My Extra Column"), "kept");
  EXPECT_FALSE(format_table(back).empty());
}

TEST_F(ResultsDbTest, TypedColumnsHoldTypedValues) {
  record_session(db_, "2", "", second_session());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT typeof(run_instructions), run_instructions, typeof(total_rom), total_rom, "
                               "typeof(run_stage_time), run_stage_time, typeof(validation), validation, failing, "
                               "reason, run FROM results ORDER BY pos",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const auto text = [&](int i) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i))); };
  EXPECT_EQ(text(0), "integer");
  EXPECT_EQ(sqlite3_column_int64(stmt, 1), 1100);
  EXPECT_EQ(text(2), "integer");
  EXPECT_EQ(sqlite3_column_int64(stmt, 3), 40960);
  EXPECT_EQ(text(4), "real");
  EXPECT_DOUBLE_EQ(sqlite3_column_double(stmt, 5), 1.25);
  EXPECT_EQ(text(6), "integer");  // a boolean column of the column table
  EXPECT_EQ(sqlite3_column_int64(stmt, 7), 1);
  EXPECT_EQ(sqlite3_column_int64(stmt, 8), 0);
  EXPECT_EQ(sqlite3_column_type(stmt, 9), SQLITE_NULL);
  EXPECT_EQ(sqlite3_column_int64(stmt, 10), 0);

  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_type(stmt, 1), SQLITE_NULL);  // the failed run has no instructions
  EXPECT_EQ(sqlite3_column_int64(stmt, 8), 1);
  EXPECT_EQ(text(9), "Target: program trapped");
  EXPECT_EQ(sqlite3_column_int64(stmt, 10), 1);
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
  sqlite3_finalize(stmt);

  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), kResultsDbSchemaVersion);
  sqlite3_finalize(stmt);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(ResultsDbTest, EveryColumnOfTheTableIsATypedSqlColumn) {
  Report r;
  r.add_row({{"Model", "aww"}, {"Run Instructions / MAC", "2.5"}, {"MACs", "400"}, {"Compiler", "gcc 12.2.0"},
             {"Workspace Size [B]", "96"}});
  record_session(db_, "1", "", r);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT run_instructions_per_mac, macs, compiler, workspace_size FROM results", -1,
                               &stmt, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_DOUBLE_EQ(sqlite3_column_double(stmt, 0), 2.5);
  EXPECT_EQ(sqlite3_column_int64(stmt, 1), 400);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2))), "gcc 12.2.0");
  EXPECT_EQ(sqlite3_column_int64(stmt, 3), 96);
  sqlite3_finalize(stmt);
  // One SQL column per table column (Session is the key column `session`), plus pos and row_json.
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info('results')", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(static_cast<size_t>(sqlite3_column_int64(stmt, 0)), session_columns().size() + 2);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(ResultsDbTest, AVersionOneDatabaseGetsTheNewColumns) {
  fs::create_directories(db_.parent_path());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  // The tables as MLonMCU wrote them before the column table (schema 1), with one old row.
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE sessions (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, "
                         "label TEXT NOT NULL, created TEXT NOT NULL, row_count INTEGER NOT NULL);"
                         "CREATE TABLE results (session TEXT NOT NULL, pos INTEGER NOT NULL, model TEXT, "
                         "run_instructions INTEGER, row_json TEXT NOT NULL, PRIMARY KEY (session, pos));"
                         "INSERT INTO sessions (id, label, created, row_count) VALUES ('0', '', 'then', 1);"
                         "INSERT INTO results VALUES ('0', 0, 'old', 5, '{\"Model\":\"old\"}');"
                         "PRAGMA user_version = 1;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  record_session(db_, "1", "", second_session());
  EXPECT_EQ(column_of(query_results(db_, {}), "Model"), (std::vector<std::string>{"old", "aww", "toycar"}));
}

TEST_F(ResultsDbTest, ReRecordingASessionReplacesItsRows) {
  record_session(db_, "1", "first", first_session());
  record_session(db_, "2", "second", second_session());
  Report again;
  again.add_row(make_row("1", "0", "aww", "etiss", "999"));
  record_session(db_, "1", "redo", again);

  EXPECT_EQ(column_of(query_results(db_, where("1", {}, {}, {})), "Run Instructions"), (std::vector<std::string>{"999"}));
  const auto sessions = list_sessions(db_);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions.back().id, "1");  // the re-recording is now the latest
  EXPECT_EQ(sessions.back().label, "redo");
  EXPECT_EQ(sessions.back().rows, 1);
  EXPECT_EQ(query_results(db_, {}).rows().size(), 3u);
}

TEST_F(ResultsDbTest, ConcurrentWritersDoNotLoseSessions) {
  record_session(db_, "0", "", first_session());  // schema exists before the race
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([this, w] {
      for (int i = 0; i < 5; ++i) record_session(db_, std::to_string(100 + w * 10 + i), "", first_session());
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(list_sessions(db_).size(), 21u);
  EXPECT_EQ(query_results(db_, where({}, {}, {}, {})).rows().size(), 63u);
}

TEST_F(ResultsDbTest, EmptyReportRecordsAnEmptySession) {
  record_session(db_, "7", "nothing ran", Report{});
  ASSERT_EQ(list_sessions(db_).size(), 1u);
  EXPECT_EQ(list_sessions(db_)[0].rows, 0);
  EXPECT_TRUE(query_results(db_, {}).rows().empty());
}

void expect_io_error(const std::function<void()>& action) {
  try {
    action();
    ADD_FAILURE() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io) << e.what();
  }
}

TEST_F(ResultsDbTest, CorruptFileIsAnIoError) {
  fs::create_directories(db_.parent_path());
  {
    std::ofstream out(db_, std::ios::binary);
    for (int i = 0; i < 512; ++i) out << "this is not an sqlite database ";
  }
  expect_io_error([&] { record_session(db_, "1", "", first_session()); });
  expect_io_error([&] { query_results(db_, {}); });
  expect_io_error([&] { list_sessions(db_); });
  try {
    query_results(db_, {});
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a database"), std::string::npos) << e.what();
  }
}

TEST_F(ResultsDbTest, MissingFileIsAnIoErrorWhenQuerying) {
  expect_io_error([&] { query_results(db_, {}); });
  expect_io_error([&] { latest_session(db_); });
  EXPECT_FALSE(fs::exists(db_));  // querying never creates the file
}

TEST_F(ResultsDbTest, ForeignSqliteDatabaseIsAnIoError) {
  fs::create_directories(db_.parent_path());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99; CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  expect_io_error([&] { record_session(db_, "1", "", first_session()); });
  expect_io_error([&] { query_results(db_, {}); });
}

TEST_F(ResultsDbTest, DirectoryInsteadOfFileIsAnIoError) {
  fs::create_directories(db_);
  expect_io_error([&] { record_session(db_, "1", "", first_session()); });
  expect_io_error([&] { query_results(db_, {}); });
}

}  // namespace
}  // namespace mlonmcu::report
