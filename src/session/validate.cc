#include "session/validate.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace mlonmcu::session {

namespace {

// Output tensor values as doubles, in the tensor's own units (quantized ints stay ints).
std::vector<double> values_of(const ir::Tensor& t, const models::Bytes& bytes) {
  const size_t n = bytes.size() / ir::dtype_size(t.dtype);
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* p = bytes.data() + i * ir::dtype_size(t.dtype);
    switch (t.dtype) {
      case ir::DType::Int8: v[i] = static_cast<int8_t>(*p); break;
      case ir::DType::UInt8: v[i] = *p; break;
      case ir::DType::Bool: v[i] = *p; break;
      case ir::DType::Int16: { int16_t x; std::memcpy(&x, p, 2); v[i] = x; break; }
      case ir::DType::Int32: { int32_t x; std::memcpy(&x, p, 4); v[i] = x; break; }
      case ir::DType::Int64: { int64_t x; std::memcpy(&x, p, 8); v[i] = static_cast<double>(x); break; }
      case ir::DType::Float32: { float x; std::memcpy(&x, p, 4); v[i] = x; break; }
      default: v[i] = 0; break;  // no backend computes other dtypes
    }
  }
  return v;
}

// Top-1 only means something for class scores: outputs of a SOFTMAX (or LOGISTIC) head.
bool is_class_scores(const ir::Graph& graph, int32_t tensor) {
  for (const ir::Operator& op : graph.ops)
    for (int32_t out : op.outputs)
      if (out == tensor) return op.type == ir::OpType::Softmax || op.type == ir::OpType::Logistic;
  return false;
}

size_t argmax(const std::vector<double>& v) {
  return static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

namespace {

struct Tally {
  bool ok = true;
  double max_diff = 0;
  std::string first_problem;
  void fail(const std::string& problem) {
    if (ok) first_problem = problem;
    ok = false;
  }
};

// Against exact golden bytes: integers equal (or within tol.lsb, with the same top-1 class for
// class scores), floats within tolerance. Returns whether the values are identical.
bool compare_exact(const ir::Tensor& t, bool class_scores, const std::vector<double>& got,
                   const std::vector<double>& want, const Tolerance& tol, const std::string& where, Tally& tally) {
  if (want.size() != got.size()) {
    tally.fail(where + ": golden output has another size");
    return false;
  }
  const bool is_float = t.dtype == ir::DType::Float32;
  bool ok = true, identical = true;
  for (size_t i = 0; i < got.size(); ++i) {
    const double d = std::fabs(got[i] - want[i]);
    tally.max_diff = std::max(tally.max_diff, d);
    identical = identical && d == 0;
    ok = ok && (is_float ? d <= tol.atol + tol.rtol * std::fabs(want[i]) : d <= static_cast<double>(tol.lsb));
  }
  if (!ok) {
    tally.fail(tol.lsb == 0 || is_float ? where + " differs from the exact golden output"
                                        : fmt::format("{} differs from the exact golden output by more than {} LSB",
                                                      where, tol.lsb));
  } else if (!identical && !is_float && class_scores && got.size() > 1 && argmax(got) != argmax(want)) {
    tally.fail(where + ": top-1 class differs from the exact golden output");
  }
  return identical;
}

// Against a float reference (e.g. desktop TFLite): difference in LSB for quantized outputs;
// top-1 for class scores; floats within tolerance.
void compare_reference(const ir::Graph& graph, int32_t tensor, const std::vector<double>& got,
                       const std::vector<float>& ref, const Tolerance& tol, const std::string& where,
                       Tally& top1, Tally& values) {
  const ir::Tensor& t = graph.tensors[static_cast<size_t>(tensor)];
  const bool quantized = t.dtype != ir::DType::Float32 && !t.quant.empty();
  const double scale = quantized ? t.quant.scale[0] : 1.0;
  const double zp = quantized && !t.quant.zero_point.empty() ? static_cast<double>(t.quant.zero_point[0]) : 0.0;
  if (ref.size() != got.size()) {
    values.fail(where + ": reference output has another size");
    return;
  }
  std::vector<double> real(got.size()), ref_d(ref.begin(), ref.end());
  for (size_t i = 0; i < got.size(); ++i) {
    real[i] = quantized ? (got[i] - zp) * scale : got[i];
    const double d = std::fabs(real[i] - ref_d[i]);
    values.max_diff = std::max(values.max_diff, d / scale);
    if (!quantized && d > tol.atol + tol.rtol * std::fabs(ref_d[i])) values.fail(where + " outside tolerance");
  }
  if (got.size() > 1 && is_class_scores(graph, tensor) && argmax(ref_d) != argmax(real))
    top1.fail(where + ": top-1 class differs from the reference");
}

}  // namespace

ValidationResult validate_outputs(const ir::Graph& graph, const models::GoldenData& golden,
                                  const std::vector<std::vector<models::Bytes>>& outputs,
                                  const Tolerance& tol) {
  ValidationResult r;
  if (!golden.exact_outputs && !golden.reference_outputs) {
    r.summary = "no golden outputs";
    return r;
  }
  Tally exact, top1, reference;
  bool has_class_scores = false;
  for (size_t s = 0; s < outputs.size(); ++s) {
    bool sample_identical = true;
    for (size_t o = 0; o < outputs[s].size() && o < graph.outputs.size(); ++o) {
      const int32_t id = graph.outputs[o];
      const ir::Tensor& t = graph.tensors[static_cast<size_t>(id)];
      const std::vector<double> got = values_of(t, outputs[s][o]);
      const std::string where = fmt::format("sample {} output {}", s, o);
      has_class_scores = has_class_scores || is_class_scores(graph, id);
      if (golden.exact_outputs && s < golden.exact_outputs->size())
        sample_identical = compare_exact(t, is_class_scores(graph, id), got, values_of(t, (*golden.exact_outputs)[s][o]),
                                         tol, where, exact) && sample_identical;
      if (golden.reference_outputs && s < golden.reference_outputs->size())
        compare_reference(graph, id, got, (*golden.reference_outputs)[s][o], tol, where, top1, reference);
    }
    if (golden.exact_outputs && s < golden.exact_outputs->size()) {
      ++r.samples;
      r.exact_samples += sample_identical ? 1 : 0;
    }
  }
  if (golden.exact_outputs) r.max_diff = exact.max_diff;
  if (golden.reference_outputs) {
    if (has_class_scores) r.top1_agrees = top1.ok;
    r.reference_max_diff = reference.max_diff;
  }
  // Exact data decides when there is any; otherwise the reference: top-1 for class scores,
  // tolerance for float outputs.
  const Tally& decisive = golden.exact_outputs ? exact : (!top1.ok ? top1 : reference);
  r.passed = decisive.ok;
  if (!r.passed)
    r.summary = decisive.first_problem;
  else if (golden.exact_outputs && r.exact_samples == r.samples)
    r.summary = fmt::format("{} samples match the exact golden outputs", outputs.size());
  else if (golden.exact_outputs)
    r.summary = fmt::format("{}/{} samples bit-exact, at most {:g} LSB off (tolerance {}), top-1 as the exact outputs",
                            r.exact_samples, r.samples, exact.max_diff, tol.lsb);
  else
    r.summary = fmt::format("{} samples agree with the reference", outputs.size());
  return r;
}

}  // namespace mlonmcu::session
