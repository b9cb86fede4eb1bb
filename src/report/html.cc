#include "report/html.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "report/report_files.h"
#include "report/summary.h"

namespace mlonmcu::report {

extern const char* const kHtmlStyle;
extern const char* const kHtmlScript;

namespace {

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON inside <script>: "</" must not end the element.
std::string script_json(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += "<\\";
    else out += text[i];
  }
  return out;
}

std::string read_library(const std::filesystem::path& path) {
  if (path.empty()) return "";
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // Inside an inline <script>, "</script" would end it early.
  for (size_t at = text.find("</script"); at != std::string::npos; at = text.find("</script", at + 2)) text.replace(at, 2, "<\\/");
  return text;
}

bool is_numeric(const Column* c) { return c && c->numeric(); }

std::string table(const Report& report, const std::vector<std::string>& columns, bool layer_rows, const std::string& id) {
  std::string out = fmt::format("<table class=\"sortable\" id=\"{}\"><thead><tr>", id);
  for (const auto& name : columns) {
    const Column* c = report.column(name);
    out += fmt::format("<th class=\"{}\" title=\"{}\">{}</th>", is_numeric(c) ? "num" : "text",
                       escape(c ? c->description : ""), escape(name));
  }
  out += "</tr></thead><tbody>\n";
  std::vector<bool> numeric;
  for (const auto& name : columns) {
    numeric.push_back(is_numeric(report.column(name)));
  }
  for (const auto& row : report.rows()) {
    if (!layer_rows && is_layer_row(row)) continue;
    const bool failed = parse_bool_cell(cell(row, col::kFailing)) == true;
    out += failed ? "<tr class=\"failed\">" : "<tr>";
    for (size_t i = 0; i < columns.size(); ++i)
      out += (numeric[i] ? "<td class=\"num\">" : "<td>") + escape(text_lines(cell(row, columns[i])).front()) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

}  // namespace

std::filesystem::path default_chart_js() {
#ifdef MLONMCU_CHART_JS
  return MLONMCU_CHART_JS;
#else
  return {};
#endif
}

std::string to_html(const Report& report, const HtmlOptions& options) {
  std::vector<std::string> metrics = options.metrics;
  if (metrics.empty())
    for (const Column& c : report.column_list())
      if (c.has(kMain) && c.has(kMetric)) metrics.push_back(c.name);
  const std::filesystem::path library_path = options.chart_js.empty() ? default_chart_js() : options.chart_js;
  const std::string library = read_library(library_path);

  // The rows as the charts need them: run rows and layer rows, typed by the column table.
  nlohmann::json data = {{"metrics", metrics}, {"runs", nlohmann::json::array()}, {"layers", nlohmann::json::array()}};
  for (const auto& row : report.rows()) {
    nlohmann::json r = {{"model", cell(row, col::kModel)},
                        {"series", fmt::format("{} / {}{}{}", cell(row, col::kBackend), cell(row, col::kTarget),
                                               cell(row, col::kFeatures).empty() ? "" : " / " + cell(row, col::kFeatures),
                                               cell(row, col::kConfig).empty() ? "" : " / " + cell(row, col::kConfig))}};
    nlohmann::json values = nlohmann::json::object();
    for (const auto& m : metrics) {
      const auto v = parse_real_cell(cell(row, m));
      values[m] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    }
    r["values"] = values;
    if (is_layer_row(row)) {
      r["layer"] = cell(row, col::kSub);
      data["layers"].push_back(r);
    } else {
      data["runs"].push_back(r);
    }
  }

  const RunCounts counts = count_runs(report);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n", escape(options.title), kHtmlStyle);
  // First, so that an error in anything after it is recorded on the page (the test reads it).
  out += "<script>window.reportErrors=[];window.addEventListener('error',function(e){window.reportErrors.push("
         "String(e.message));document.documentElement.setAttribute('data-errors',window.reportErrors.join(' | '));});"
         "</script>\n";
  if (!library.empty()) out += "<script>" + library + "</script>\n";
  out += "</head><body>\n";
  out += fmt::format("<h1>{}</h1>\n<p class=\"counts\">{} runs, {} failed, {} incomplete.</p>\n", escape(options.title),
                     counts.runs, counts.failed, counts.incomplete);
  if (library.empty()) {
    out += fmt::format("<p class=\"note\" id=\"no-charts\">No charts: the chart library (Chart.js) was not found{}. "
                       "Install it with <code>npm ci --prefix report_assets</code> in MLonMCU's source tree and "
                       "rebuild, or set <code>-c visualize.chart_js=PATH/chart.umd.js</code>.</p>\n",
                       library_path.empty() ? "" : " at " + escape(library_path.string()));
  }
  out += "<div id=\"charts\"></div>\n";
  out += "<h2>Runs</h2>\n" + table(report, run_summary_columns(report), false, "runs");
  const auto failures = failed_runs(report);
  if (!failures.empty()) {
    out += "<h2>Failures</h2>\n<ul class=\"failures\">\n";
    for (const FailedRun& f : failures)
      out += fmt::format("<li><b>{}</b> ({})<pre>{}</pre></li>\n", escape(f.what), escape(f.failure), escape(f.reason));
    out += "</ul>\n";
  }
  out += "<details><summary>Every column</summary>\n" + table(report, report.columns(), true, "all") + "</details>\n";
  out += "<script id=\"report-data\" type=\"application/json\">" + script_json(data) + "</script>\n";
  out += fmt::format("<script>{}</script>\n</body></html>\n", kHtmlScript);
  return out;
}

void write_html(const Report& report, const std::filesystem::path& path, const HtmlOptions& options) {
  write_text_file(path, to_html(report, options));
}

}  // namespace mlonmcu::report
