// visualize: the HTML report with charts, temp/sessions/<id>/report.html (report/html.h).
#include "report/html.h"
#include "report/postprocess/postprocesses.h"

namespace mlonmcu::report {

namespace {

class Visualize : public Postprocess {
 public:
  std::string name() const override { return "visualize"; }
  std::string description() const override { return "report.html: charts per metric, sortable tables, failures"; }
  void declare_config(config::Registry& r) const override {
    r.add({"visualize.metrics", config::Type::String, "", "columns to chart (comma separated; empty: the main metrics)", {}, {}, {}});
    r.add({"visualize.chart_js", config::Type::Path, "", "Chart.js's chart.umd.js (empty: the one in report_assets/)", {}, {}, {}});
  }
  void apply(Report& report, const PostprocessContext& context) const override {
    HtmlOptions options;
    options.metrics = split_list(context.config.get_string("visualize.metrics"));
    require_columns(report, options.metrics, "visualize.metrics");
    options.chart_js = context.config.get_string("visualize.chart_js");
    if (context.session_dir.empty()) return;
    options.title = "MLonMCU session " + context.session_dir.filename().string();
    write_html(report, context.session_dir / "report.html", options);
  }
};

}  // namespace

std::unique_ptr<Postprocess> make_visualize() { return std::make_unique<Visualize>(); }

}  // namespace mlonmcu::report
