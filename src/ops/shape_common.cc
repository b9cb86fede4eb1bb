#include "ops/shape_common.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "common/error.h"

namespace mlonmcu::ops::shape {

std::string shape_str(const std::vector<int32_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

int64_t elements(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

void malformed(const OpRef& ref, const std::string& what) {
  std::string name;
  if (!ref.op.outputs.empty() && ref.op.outputs[0] >= 0 &&
      static_cast<size_t>(ref.op.outputs[0]) < ref.graph.tensors.size())
    name = ref.graph.tensors[static_cast<size_t>(ref.op.outputs[0])].name;
  throw Error(ErrorKind::Model, fmt::format("{} (output '{}'): {}", ref.op.type_name, name, what));
}

static const ir::Tensor& tensor_at(const OpRef& ref, int32_t index, const std::string& what) {
  if (index < 0 || static_cast<size_t>(index) >= ref.graph.tensors.size())
    malformed(ref, fmt::format("{} refers to tensor {} which does not exist", what, index));
  return ref.graph.tensors[static_cast<size_t>(index)];
}

bool has_input(const ir::Operator& op, size_t i) { return i < op.inputs.size() && op.inputs[i] >= 0; }

void expect_arity(const OpRef& ref, size_t min_in, size_t max_in, size_t n_out) {
  if (ref.op.inputs.size() < min_in || ref.op.inputs.size() > max_in)
    malformed(ref, fmt::format("has {} inputs, expected {}..{}", ref.op.inputs.size(), min_in, max_in));
  for (size_t i = 0; i < min_in; ++i) {
    if (!has_input(ref.op, i)) malformed(ref, fmt::format("input {} is missing", i));
    tensor_at(ref, ref.op.inputs[i], fmt::format("input {}", i));
  }
  if (ref.op.outputs.size() != n_out)
    malformed(ref, fmt::format("has {} outputs, expected {}", ref.op.outputs.size(), n_out));
  for (size_t i = 0; i < n_out; ++i) tensor_at(ref, ref.op.outputs[i], fmt::format("output {}", i));
}

const ir::Tensor& input(const OpRef& ref, size_t i) {
  if (!has_input(ref.op, i)) malformed(ref, fmt::format("input {} is missing", i));
  return tensor_at(ref, ref.op.inputs[i], fmt::format("input {}", i));
}

const ir::Tensor& output(const OpRef& ref, size_t i) {
  if (i >= ref.op.outputs.size()) malformed(ref, fmt::format("output {} is missing", i));
  return tensor_at(ref, ref.op.outputs[i], fmt::format("output {}", i));
}

void expect_dtype(const OpRef& ref, const ir::Tensor& t, std::initializer_list<ir::DType> allowed,
                  const char* role) {
  for (ir::DType d : allowed)
    if (t.dtype == d) return;
  unsupported(ref.backend, ref.op, fmt::format("{} dtype {}", role, ir::dtype_name(t.dtype)));
}

void expect_same_dtype(const OpRef& ref, const ir::Tensor& a, const ir::Tensor& b) {
  if (a.dtype != b.dtype)
    unsupported(ref.backend, ref.op,
                fmt::format("mixed dtypes {} and {}", ir::dtype_name(a.dtype), ir::dtype_name(b.dtype)));
}

void expect_max_rank(const OpRef& ref, const ir::Tensor& t, size_t max_rank, const char* role) {
  if (t.shape.size() > max_rank)
    unsupported(ref.backend, ref.op,
                fmt::format("{} of rank {} (at most {})", role, t.shape.size(), max_rank));
  for (int32_t d : t.shape)
    if (d < 0) malformed(ref, fmt::format("{} has a dynamic or negative shape {}", role, shape_str(t.shape)));
}

Quant per_tensor_quant(const OpRef& ref, const ir::Tensor& t, const char* role) {
  if (t.quant.empty() || t.quant.zero_point.empty())
    malformed(ref, fmt::format("{} '{}' has no quantization", role, t.name));
  if (t.quant.per_channel())
    unsupported(ref.backend, ref.op, fmt::format("per-channel quantization of the {}", role));
  Quant q;
  q.scale = t.quant.scale[0];
  if (!(q.scale > 0.0f) || !std::isfinite(q.scale))
    malformed(ref, fmt::format("{} '{}' has scale {}", role, t.name, q.scale));
  const int64_t zp = t.quant.zero_point[0];
  if (t.dtype == ir::DType::Int8 && (zp < -128 || zp > 127))
    malformed(ref, fmt::format("{} '{}' has int8 zero point {}", role, t.name, zp));
  q.zero_point = static_cast<int32_t>(zp);
  return q;
}

std::vector<int64_t> const_ints(const OpRef& ref, const ir::Tensor& t, const char* role) {
  if (!t.is_const())
    unsupported(ref.backend, ref.op, fmt::format("non-constant {} (computed at run time)", role));
  if (t.dtype != ir::DType::Int32 && t.dtype != ir::DType::Int64)
    malformed(ref, fmt::format("{} has dtype {}, expected int32 or int64", role, ir::dtype_name(t.dtype)));
  for (int32_t d : t.shape)
    if (d < 0) malformed(ref, fmt::format("{} has shape {}", role, shape_str(t.shape)));
  const int64_t n = t.num_elements();
  const size_t size = ir::dtype_size(t.dtype);
  if (n < 0 || t.data.size() != static_cast<size_t>(n) * size)
    malformed(ref, fmt::format("{} holds {} bytes for shape {}", role, t.data.size(), shape_str(t.shape)));
  std::vector<int64_t> values(static_cast<size_t>(n));
  for (size_t i = 0; i < values.size(); ++i) {
    if (size == 4) {
      int32_t v;
      std::memcpy(&v, t.data.data() + i * 4, 4);
      values[i] = v;
    } else {
      int64_t v;
      std::memcpy(&v, t.data.data() + i * 8, 8);
      values[i] = v;
    }
  }
  return values;
}

TflmMultiplier tflm_quantize_multiplier(double real_multiplier) {
  TflmMultiplier m;
  if (real_multiplier == 0.0) return m;
  int shift = 0;
  const double q = std::frexp(real_multiplier, &shift);
  auto q_fixed = static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)));
  if (q_fixed == (1LL << 31)) {
    q_fixed /= 2;
    ++shift;
  }
  if (shift < -31) {
    shift = 0;
    q_fixed = 0;
  }
  m.multiplier = static_cast<int32_t>(q_fixed);
  m.shift = shift;
  return m;
}

int32_t input_radius(int32_t integer_bits, int32_t left_shift) {
  const double max_input_rescaled = 1.0 * static_cast<double>((1 << integer_bits) - 1) *
                                    static_cast<double>(1LL << (31 - integer_bits)) /
                                    std::ldexp(1.0, left_shift);
  return static_cast<int32_t>(std::floor(max_input_rescaled));
}

}  // namespace mlonmcu::ops::shape
