#include "backends/interp/reference_outputs.h"

#include <fmt/format.h>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "common/c_writer.h"
#include "common/error.h"
#include "frontends/frontend.h"
#include "models/golden.h"

namespace mlonmcu::backends::interp {

size_t write_reference_outputs(const models::ModelInfo& info) {
  const ir::Graph graph = frontends::load_model(info.model_file);
  const models::GoldenData golden = models::load_golden(info, graph);
  const Blob blob = lower_and_write_blob(graph);
  const auto dir = info.model_file.parent_path() / "output_mlonmcu";
  std::filesystem::create_directories(dir);
  // In one run, as the harness invokes them: a stateful model's samples follow each other.
  const auto results = run_blob_in_process(blob, golden.inputs);
  for (size_t s = 0; s < results.size(); ++s) {
    if (results[s].size() != 1)
      throw Error(ErrorKind::Unsupported, "reference outputs: only single-output models are written");
    write_binary_file((dir / fmt::format("{}.bin", s)).string(), results[s].front());
  }
  return golden.num_samples();
}

}  // namespace mlonmcu::backends::interp
