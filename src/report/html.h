// The HTML report (postprocess `visualize`): one self-contained file that works offline. A bar
// chart per metric grouped by model, one bar per backend / target / features / config; a
// per-layer chart when layer_profile ran; sortable tables; failures with their full reason.
// The charts are drawn by Chart.js (npm, report_assets/), inlined into the file; without the
// library the file still has its tables and says why there are no charts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report/report.h"

namespace mlonmcu::report {

struct HtmlOptions {
  std::string title = "MLonMCU report";
  std::vector<std::string> metrics;  // charted columns; empty: the main metrics
  // Chart.js's UMD bundle (chart.umd.js); empty: the one report_assets/ installed at build time.
  std::filesystem::path chart_js;
};

// The Chart.js file the build found (report_assets/node_modules/...), "" when there was none.
std::filesystem::path default_chart_js();

std::string to_html(const Report& report, const HtmlOptions& options);
void write_html(const Report& report, const std::filesystem::path& path, const HtmlOptions& options);

}  // namespace mlonmcu::report
