#include "difftest/differential.h"

#include <cstring>

#include <fmt/format.h>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "backends/tflmi/tflm_reference.h"
#include "common/c_writer.h"
#include "common/error.h"
#include "difftest/batch_program.h"
#include "frontends/frontend.h"
#include "modelbuilder/tflite_writer.h"

namespace mlonmcu::difftest {

namespace {

using Bytes = std::vector<uint8_t>;

// Models per program on a simulated target: their weights and inputs must fit its flash.
constexpr size_t kBatchSize = 40;

std::string element_text(ir::DType dtype, const Bytes& b, size_t i) {
  const uint8_t* p = b.data() + i * ir::dtype_size(dtype);
  switch (dtype) {
    case ir::DType::Float32: { float v; std::memcpy(&v, p, 4); return fmt::format("{:.9g}", v); }
    case ir::DType::Int8: return std::to_string(static_cast<int8_t>(*p));
    case ir::DType::Int16: { int16_t v; std::memcpy(&v, p, 2); return std::to_string(v); }
    case ir::DType::Int32: { int32_t v; std::memcpy(&v, p, 4); return std::to_string(v); }
    case ir::DType::Int64: { int64_t v; std::memcpy(&v, p, 8); return std::to_string(v); }
    default: return std::to_string(*p);
  }
}

// Empty when equal; else the first difference in the output's own units.
std::string compare(const ir::Graph& graph, const std::vector<Bytes>& want, const std::vector<Bytes>& got) {
  if (want.size() != got.size()) return fmt::format("{} outputs, TFLM has {}", got.size(), want.size());
  for (size_t o = 0; o < want.size(); ++o) {
    if (want[o] == got[o]) continue;
    if (want[o].size() != got[o].size())
      return fmt::format("output {} has {} bytes, TFLM's {}", o, got[o].size(), want[o].size());
    const ir::DType dtype = graph.tensors[static_cast<size_t>(graph.outputs[o])].dtype;
    const size_t size = ir::dtype_size(dtype);
    size_t first = 0, count = 0;
    for (size_t i = want[o].size() / size; i-- > 0;)
      if (std::memcmp(want[o].data() + i * size, got[o].data() + i * size, size) != 0) first = i, ++count;
    return fmt::format("output {}: {} of {} elements differ, first [{}]: TFLM {}, ours {}", o, count,
                       want[o].size() / size, first, element_text(dtype, want[o], first),
                       element_text(dtype, got[o], first));
  }
  return "";
}

std::vector<BatchOutcome> run_in_process(const std::vector<BatchModel>& models) {
  std::vector<BatchOutcome> out(models.size());
  for (size_t k = 0; k < models.size(); ++k) {
    try {
      out[k].outputs = backends::interp::run_blob_in_process(
          backends::interp::lower_and_write_blob(models[k].graph), models[k].inputs);
      out[k].ok = true;
    } catch (const Error& e) {
      out[k].error = e.what();
    }
  }
  return out;
}

std::vector<BatchOutcome> run_backend(const std::vector<BatchModel>& models, const std::string& backend,
                                      const DiffSettings& s) {
  if (backend == "interp" && s.target == "host_x86") return run_in_process(models);
  std::vector<BatchOutcome> out;
  for (size_t first = 0; first < models.size(); first += kBatchSize) {
    const size_t n = std::min(kBatchSize, models.size() - first);
    const std::vector<BatchModel> chunk(models.begin() + static_cast<std::ptrdiff_t>(first),
                                        models.begin() + static_cast<std::ptrdiff_t>(first + n));
    BatchRequest request{backend, s.target, s.work_dir / fmt::format("chunk_{}", first), s.cache_dir};
    for (auto& o : run_batch(chunk, request)) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

std::vector<CaseOutcome> run_differential(const std::vector<Case>& cases, const DiffSettings& settings) {
  const fs::path models_dir = settings.work_dir / "models";
  fs::create_directories(models_dir);
  std::vector<backends::tflm::ReferenceCase> reference;
  std::vector<BatchModel> ours(cases.size());
  std::vector<std::string> read_errors(cases.size());
  for (size_t k = 0; k < cases.size(); ++k) {
    const Bytes bytes = modelbuilder::write_tflite(cases[k].graph);
    const fs::path file = models_dir / fmt::format("{}.tflite", k);
    write_binary_file(file.string(), bytes);
    reference.push_back({file, cases[k].inputs});
    try {
      ours[k].graph = frontends::parse_tflite(bytes, cases[k].name);
    } catch (const Error& e) {
      read_errors[k] = e.what();
    }
    ours[k].inputs = cases[k].inputs;
  }
  const backends::tflm::Reference tflm({settings.tflm_root}, settings.cache_dir, settings.work_dir / "tflm");
  const std::vector<backends::tflm::ReferenceResult> want = tflm.run(reference);

  std::vector<CaseOutcome> outcomes;
  for (const std::string& backend : settings.backends) {
    const std::vector<BatchOutcome> got = run_backend(ours, backend, settings);
    for (size_t k = 0; k < cases.size(); ++k) {
      CaseOutcome o{cases[k].name, cases[k].op, cases[k].variant, backend, false, ""};
      if (!want[k].ok) o.detail = "TFLM refuses the case: " + want[k].error;
      else if (want[k].outputs.empty()) o.detail = "TFLM computed no outputs";
      else if (!read_errors[k].empty()) o.detail = "reader: " + read_errors[k];
      else if (!got[k].ok) o.detail = got[k].error;
      else if (!cases[k].canonical) o.detail = compare(ours[k].graph, want[k].outputs, got[k].outputs);
      else {
        std::vector<Bytes> a = want[k].outputs, b = got[k].outputs;
        cases[k].canonical(a), cases[k].canonical(b);
        o.detail = compare(ours[k].graph, a, b);
      }
      o.passed = o.detail.empty();
      outcomes.push_back(std::move(o));
    }
  }
  return outcomes;
}

}  // namespace mlonmcu::difftest
