// The reports of a real multi-model, multi-backend, multi-target session: every file has the same
// columns in the same order whatever the runs did (failed at LOAD, failed at RUN, measured with
// per-layer rows), and the HTML report opens in headless Chromium with its charts drawn.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "common/process.h"
#include "environment/environment.h"
#include "models/npy.h"
#include "models/zip_reader.h"
#include "report/html.h"
#include "session/session.h"

namespace mlonmcu {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string item; std::getline(ss, item, sep);) out.push_back(item);
  return out;
}

// The header row of report.xlsx's first sheet, through the shared strings.
std::vector<std::string> xlsx_header(const fs::path& path) {
  const std::string text = read_text(path);
  const auto members = models::read_zip(std::vector<uint8_t>(text.begin(), text.end()), path.string());
  std::string strings_xml, sheet;
  for (const auto& m : members) {
    if (m.name == "xl/sharedStrings.xml") strings_xml.assign(m.data.begin(), m.data.end());
    if (m.name == "xl/worksheets/sheet1.xml") sheet.assign(m.data.begin(), m.data.end());
  }
  std::vector<std::string> strings;
  for (size_t at = strings_xml.find("<t"); at != std::string::npos; at = strings_xml.find("<t", at + 2)) {
    if (strings_xml.compare(at, 3, "<t>") != 0 && strings_xml.compare(at, 3, "<t ") != 0) continue;
    const size_t start = strings_xml.find('>', at) + 1;
    strings.push_back(strings_xml.substr(start, strings_xml.find("</t>", start) - start));
  }
  std::vector<std::string> header;
  const std::string row1 = sheet.substr(sheet.find("<row r=\"1\""), sheet.find("</row>") - sheet.find("<row r=\"1\""));
  for (size_t at = row1.find("<v>"); at != std::string::npos; at = row1.find("<v>", at + 3))
    header.push_back(strings.at(std::stoul(row1.substr(at + 3, row1.find("</v>", at) - at - 3))));
  return header;
}

class SessionReports : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("mlonmcu_session_reports_" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    ProcessOptions options;
    options.extra_env = {"HOME=" + root_.string()};
    ASSERT_TRUE(run_process({MLONMCU_CLI_PATH, "init", (root_ / "env").string()}, options).ok());  // the demo models
    env_ = environment::load_environment(root_ / "env");
    std::ofstream(root_ / "broken.tflite") << "not a flatbuffer";
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
  environment::Environment env_;
};

TEST_F(SessionReports, SameColumnsEverywhereAndTheHtmlDrawsItsCharts) {
  session::SessionSpec spec;
  spec.models = {"demo_convnet", "demo_sine", (root_ / "broken.tflite").string()};
  spec.backends = {"interp", "aot"};
  spec.targets = {"host_x86", "rv32_qemu"};
  // On the host, layer_profile needs callgrind: those runs fail at RUN; broken.tflite fails at LOAD.
  spec.features = {"validate", "layer_profile"};
  spec.postprocesses = {"visualize"};
  spec.parallel = 2;
  spec.progress = false;
  const session::SessionResult r = session::run_session(env_, spec);
  size_t failed = 0, layers = 0;
  for (const auto& row : r.report.rows()) {
    failed += report::cell(row, "Failing") == "true" && report::cell(row, "Sub").empty();
    layers += !report::cell(row, "Sub").empty();
  }
  ASSERT_EQ(failed, 8u);  // 4 at LOAD, 4 on the host
  ASSERT_GT(layers, 0u);

  std::vector<std::string> expected;
  for (const auto& c : report::session_columns()) expected.push_back(c.name);
  const std::string csv = read_text(r.dir / "report.csv");
  EXPECT_EQ(split(csv.substr(0, csv.find('\n')), ','), expected);
  const auto json = nlohmann::ordered_json::parse(read_text(r.dir / "report.json"));
  ASSERT_EQ(json.size(), r.report.rows().size());
  for (const auto& object : json) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : object.items()) keys.push_back(k);
    EXPECT_EQ(keys, expected);
  }
  EXPECT_EQ(xlsx_header(r.dir / "report.xlsx"), expected);

  // A session whose one run succeeds has the very same columns (export_outputs adds Outputs at the end).
  session::SessionSpec other;
  other.models = {"demo_sine"};
  other.features = {"validate"};
  other.postprocesses = {"export_outputs"};
  other.progress = false;
  const session::SessionResult ok = session::run_session(env_, other);
  ASSERT_TRUE(ok.all_ok);
  expected.push_back("Outputs");
  const std::string csv2 = read_text(ok.dir / "report.csv");
  EXPECT_EQ(csv2.substr(0, csv2.find('\n')), csv.substr(0, csv.find('\n')) + ",Outputs");
  EXPECT_EQ(xlsx_header(ok.dir / "report.xlsx"), expected);
  // Each sample's output as .npy, equal to the golden output that validation compared it with.
  const fs::path outputs = ok.dir / "runs" / "0" / "outputs";
  EXPECT_EQ(report::cell(ok.report.rows()[0], "Outputs"), outputs.string());
  const fs::path golden = root_ / "env" / "models" / "demo_sine" / "output_tflm";
  size_t samples = 0;
  for (const auto& entry : fs::directory_iterator(golden)) {
    const std::string sample = entry.path().stem().string();
    const std::string text = read_text(outputs / (sample + "_0.npy"));
    const auto array = models::parse_npy(std::vector<uint8_t>(text.begin(), text.end()), sample);
    const std::string expected_bytes = read_text(entry.path());
    EXPECT_EQ(std::string(array.data.begin(), array.data.end()), expected_bytes) << sample;
    ++samples;
  }
  EXPECT_EQ(samples, 4u);

  const fs::path html = r.dir / "report.html";
  ASSERT_TRUE(fs::exists(html));
  const fs::path chromium = find_program("chromium");
  if (chromium.empty()) GTEST_SKIP() << "no chromium (apt-get install chromium): the HTML is not opened";
  if (!fs::exists(report::default_chart_js()))
    GTEST_SKIP() << "no Chart.js at " << report::default_chart_js() << " (npm ci --prefix report_assets)";
  // Flags that work offline as root (no sandbox, no background network); a fresh profile every time.
  const std::vector<std::string> flags = {
      chromium.string(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
      "--user-data-dir=" + (root_ / "chrome").string(), "--virtual-time-budget=10000", "--window-size=1400,2200"};
  ProcessOptions options;
  options.timeout = std::chrono::seconds(120);
  std::vector<std::string> dump = flags;
  dump.insert(dump.end(), {"--enable-logging=stderr", "--dump-dom", "file://" + html.string()});
  const ProcessResult dom = run_process(dump, options);
  ASSERT_TRUE(dom.ok()) << dom.describe() << dom.err;
  const size_t html_at = dom.out.find("<html");
  ASSERT_NE(html_at, std::string::npos) << dom.out.substr(0, 300);
  const std::string head = dom.out.substr(html_at, dom.out.find('>', html_at) - html_at);  // <html ... data-charts=...>
  const auto attribute = [&](const std::string& name) {
    const size_t at = head.find(name + "=\"");
    return at == std::string::npos ? std::string("<none>") : head.substr(at + name.size() + 2, head.find('"', at + name.size() + 2) - at - name.size() - 2);
  };
  EXPECT_EQ(attribute("data-errors"), "<none>") << "errors on the page";
  EXPECT_EQ(dom.err.find("Uncaught"), std::string::npos) << dom.err;
  // Six metric charts (Setup, Run, Run / MAC, ROM, RAM, Workspace) and one per-layer chart per model.
  EXPECT_EQ(attribute("data-charts"), "8") << head;
  EXPECT_EQ(attribute("data-painted"), attribute("data-charts")) << "a chart left its canvas blank";
  EXPECT_GT(std::atoi(attribute("data-bars").c_str()), 20) << head;
  EXPECT_NE(dom.out.find("RUN: "), std::string::npos);  // the failures, with their reasons

  const fs::path shot = fs::path(MLONMCU_TEST_BINARY_DIR) / "report_html_screenshot.png";
  fs::remove(shot);
  std::vector<std::string> screenshot = flags;
  screenshot.insert(screenshot.end(), {"--screenshot=" + shot.string(), "file://" + html.string()});
  const ProcessResult taken = run_process(screenshot, options);
  ASSERT_TRUE(taken.ok()) << taken.describe() << taken.err;
  ASSERT_TRUE(fs::exists(shot));
  EXPECT_GT(fs::file_size(shot), 50000u);  // charts, not a blank page
}

}  // namespace
}  // namespace mlonmcu
