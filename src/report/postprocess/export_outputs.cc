// export_outputs: each sample's outputs as runs/<run>/outputs/<sample>_<output>.npy. The files are
// written per run by the POSTPROCESS stage (session/stages/postprocess_stage.cc), which has the
// program's outputs; here the report gets the folder in the column "Outputs".
#include "report/postprocess/postprocesses.h"
#include "report/summary.h"

namespace mlonmcu::report {

namespace {

class ExportOutputs : public Postprocess {
 public:
  std::string name() const override { return "export_outputs"; }
  std::string description() const override { return "each sample's outputs as .npy files in runs/<run>/outputs/"; }
  void apply(Report& report, const PostprocessContext& context) const override {
    report.add_column({"Outputs", "", ColumnType::Text, 0, "folder of the run's outputs as .npy (export_outputs)"});
    if (context.session_dir.empty()) return;
    for (auto& row : report.rows()) {
      const std::filesystem::path dir = context.session_dir / "runs" / cell(row, col::kRun) / "outputs";
      std::error_code ec;
      if (!is_layer_row(row) && std::filesystem::is_directory(dir, ec)) row["Outputs"] = dir.string();
    }
  }
};

}  // namespace

std::unique_ptr<Postprocess> make_export_outputs() { return std::make_unique<ExportOutputs>(); }

}  // namespace mlonmcu::report
