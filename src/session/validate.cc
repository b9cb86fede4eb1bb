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
    }
  }
  return v;
}

size_t argmax(const std::vector<double>& v) {
  return static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());
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
  const size_t samples = outputs.size();
  bool exact_ok = true, top1_ok = true;
  size_t exact_samples = 0;
  std::string first_problem;
  double max_diff = 0, ref_max = 0;
  for (size_t s = 0; s < samples; ++s) {
    for (size_t o = 0; o < outputs[s].size() && o < graph.outputs.size(); ++o) {
      const ir::Tensor& t = graph.tensors[static_cast<size_t>(graph.outputs[o])];
      const std::vector<double> got = values_of(t, outputs[s][o]);
      const bool is_float = t.dtype == ir::DType::Float32;
      if (golden.exact_outputs && s < golden.exact_outputs->size()) {
        const std::vector<double> want = values_of(t, (*golden.exact_outputs)[s][o]);
        bool ok = want.size() == got.size();
        for (size_t i = 0; ok && i < got.size(); ++i) {
          const double d = std::fabs(got[i] - want[i]);
          ok = is_float ? d <= tol.atol + tol.rtol * std::fabs(want[i]) : d == 0;
        }
        for (size_t i = 0; i < got.size() && i < want.size(); ++i)
          max_diff = std::max(max_diff, std::fabs(got[i] - want[i]));
        if (!ok && first_problem.empty())
          first_problem = fmt::format("sample {} output {} differs from the exact golden output", s, o);
        exact_ok = exact_ok && ok;
        exact_samples += ok && o == 0;
      }
      if (golden.reference_outputs && s < golden.reference_outputs->size()) {
        const std::vector<float>& ref = (*golden.reference_outputs)[s][o];
        std::vector<double> got_real(got.size()), ref_units(ref.size());
        const bool quantized = !is_float && !t.quant.empty();
        const double scale = quantized ? t.quant.scale[0] : 1.0;
        const double zp = quantized && !t.quant.zero_point.empty() ? static_cast<double>(t.quant.zero_point[0]) : 0.0;
        for (size_t i = 0; i < got.size(); ++i) got_real[i] = quantized ? (got[i] - zp) * scale : got[i];
        for (size_t i = 0; i < ref.size() && i < got.size(); ++i)
          ref_max = std::max(ref_max, std::fabs(got_real[i] - ref[i]) / (quantized ? scale : 1.0));
        std::vector<double> ref_d(ref.begin(), ref.end());
        if (got.size() > 1 && ref_d.size() == got.size() && argmax(ref_d) != argmax(got_real)) {
          top1_ok = false;
          if (first_problem.empty() && !golden.exact_outputs)
            first_problem = fmt::format("sample {} output {}: top-1 class differs from the reference", s, o);
        }
        if (!golden.exact_outputs && is_float) {
          for (size_t i = 0; i < ref.size() && i < got.size(); ++i)
            if (std::fabs(got[i] - ref[i]) > tol.atol + tol.rtol * std::fabs(ref[i])) {
              top1_ok = false;
              if (first_problem.empty())
                first_problem = fmt::format("sample {} output {} outside tolerance", s, o);
            }
        }
      }
    }
  }
  if (golden.exact_outputs) r.max_diff = max_diff;
  if (golden.reference_outputs) {
    r.top1_agrees = top1_ok;
    r.reference_max_diff = ref_max;
  }
  r.passed = golden.exact_outputs ? exact_ok : top1_ok;
  if (!r.passed)
    r.summary = first_problem;
  else if (golden.exact_outputs)
    r.summary = fmt::format("{}/{} samples match the exact golden outputs", exact_samples, samples);
  else
    r.summary = fmt::format("{} samples agree with the reference (top-1)", samples);
  return r;
}

}  // namespace mlonmcu::session
