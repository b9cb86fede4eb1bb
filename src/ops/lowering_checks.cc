#include "ops/lowering_checks.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "common/error.h"

namespace mlonmcu::ops::check {

std::string shape_str(const std::vector<int32_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

void malformed(const OpRef& ref, const std::string& what) {
  std::string where;
  if (!ref.op.outputs.empty() && ref.op.outputs[0] >= 0 &&
      static_cast<size_t>(ref.op.outputs[0]) < ref.graph.tensors.size())
    where = fmt::format(" (output '{}')", ref.graph.tensors[ref.op.outputs[0]].name);
  throw Error(ErrorKind::Model, fmt::format("{}{}: {}", ref.op.type_name.empty()
                                                           ? ir::op_type_name(ref.op.type)
                                                           : ref.op.type_name,
                                            where, what));
}

static const ir::Tensor& tensor_at(const OpRef& ref, int32_t index, const char* what) {
  if (index < 0 || static_cast<size_t>(index) >= ref.graph.tensors.size())
    malformed(ref, fmt::format("{} tensor index {} out of range", what, index));
  return ref.graph.tensors[static_cast<size_t>(index)];
}

void expect_arity(const OpRef& ref, size_t min_in, size_t max_in, size_t n_out) {
  size_t given = ref.op.inputs.size();
  while (given > min_in && ref.op.inputs[given - 1] < 0) --given;  // trailing absent inputs
  if (given < min_in || given > max_in)
    malformed(ref, fmt::format("expects {}..{} inputs, has {}", min_in, max_in, given));
  for (size_t i = 0; i < min_in; ++i)
    if (ref.op.inputs[i] < 0) malformed(ref, fmt::format("required input {} missing", i));
  if (ref.op.outputs.size() != n_out)
    malformed(ref, fmt::format("expects {} outputs, has {}", n_out, ref.op.outputs.size()));
  for (int32_t idx : ref.op.inputs)
    if (idx >= 0) tensor_at(ref, idx, "input");
  for (int32_t idx : ref.op.outputs) tensor_at(ref, idx, "output");
}

int32_t input_index(const ir::Operator& op, size_t i) {
  return i < op.inputs.size() && op.inputs[i] >= 0 ? op.inputs[i] : -1;
}

const ir::Tensor& input(const OpRef& ref, size_t i) {
  const int32_t idx = input_index(ref.op, i);
  if (idx < 0) malformed(ref, fmt::format("required input {} missing", i));
  return tensor_at(ref, idx, "input");
}

const ir::Tensor* optional_input(const OpRef& ref, size_t i) {
  const int32_t idx = input_index(ref.op, i);
  return idx < 0 ? nullptr : &tensor_at(ref, idx, "input");
}

const ir::Tensor& output(const OpRef& ref, size_t i) {
  if (i >= ref.op.outputs.size()) malformed(ref, "output missing");
  return tensor_at(ref, ref.op.outputs[i], "output");
}

static void expect_static_shape(const OpRef& ref, const ir::Tensor& t, const char* role) {
  for (int32_t d : t.shape)
    if (d < 0)
      malformed(ref, fmt::format("{} '{}' has a dynamic or negative shape {}", role, t.name,
                                 shape_str(t.shape)));
}

void expect_rank(const OpRef& ref, const ir::Tensor& t, size_t rank, const char* role) {
  if (t.shape.size() != rank)
    malformed(ref, fmt::format("{} '{}' must have rank {}, has shape {}", role, t.name, rank,
                               shape_str(t.shape)));
  expect_static_shape(ref, t, role);
}

void expect_max_rank(const OpRef& ref, const ir::Tensor& t, size_t max_rank, const char* role) {
  if (t.shape.size() > max_rank)
    unsupported(ref.backend, ref.op,
                fmt::format("{} of rank {} (at most {})", role, t.shape.size(), max_rank));
  expect_static_shape(ref, t, role);
}

void expect_same_size(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& out) {
  if (in.num_elements() != out.num_elements())
    malformed(ref, fmt::format("input shape {} and output shape {} differ in size",
                               shape_str(in.shape), shape_str(out.shape)));
}

std::vector<int32_t> broadcast_shape(const OpRef& ref, std::initializer_list<const ir::Tensor*> inputs,
                                     size_t max_rank) {
  std::vector<int32_t> out;
  for (const ir::Tensor* t : inputs) {
    if (t->shape.size() > max_rank) unsupported(ref.backend, ref.op, fmt::format("broadcasting beyond rank {}", max_rank));
    if (t->shape.size() > out.size()) out.insert(out.begin(), t->shape.size() - out.size(), 1);
    const size_t lead = out.size() - t->shape.size();
    for (size_t i = 0; i < t->shape.size(); ++i) {
      int32_t& o = out[lead + i];
      const int32_t d = t->shape[i];
      if (d != o && d != 1 && o != 1)
        malformed(ref, fmt::format("shape {} does not broadcast with the other inputs", shape_str(t->shape)));
      if (o == 1) o = d;
    }
  }
  return out;
}

void expect_shape(const OpRef& ref, const ir::Tensor& out, const std::vector<int32_t>& expected) {
  if (out.shape != expected)
    malformed(ref, fmt::format("output shape {}, expected {}", shape_str(out.shape), shape_str(expected)));
}

void expect_broadcast_output(const OpRef& ref, const ir::Tensor& out, std::initializer_list<const ir::Tensor*> inputs,
                             size_t max_rank) {
  expect_shape(ref, out, broadcast_shape(ref, inputs, max_rank));
}

UnaryPlan resolve_unary(const OpRef& ref, size_t max_in) {
  expect_arity(ref, 1, max_in, 1);
  UnaryPlan plan{&input(ref, 0), &output(ref)};
  expect_same_size(ref, *plan.in, *plan.out);
  return plan;
}

void expect_dtype(const OpRef& ref, const ir::Tensor& t, std::initializer_list<ir::DType> allowed,
                  const char* role) {
  std::vector<std::string> names;
  for (ir::DType d : allowed) {
    if (t.dtype == d) return;
    names.emplace_back(ir::dtype_name(d));
  }
  unsupported(ref.backend, ref.op, fmt::format("{} dtype {} (expected {})", role,
                                               ir::dtype_name(t.dtype), fmt::join(names, " or ")));
}

void expect_same_dtype(const OpRef& ref, const ir::Tensor& a, const ir::Tensor& b) {
  if (a.dtype != b.dtype)
    unsupported(ref.backend, ref.op, fmt::format("mixed dtypes {} and {}", ir::dtype_name(a.dtype),
                                                 ir::dtype_name(b.dtype)));
}

void expect_clamp_activation(const OpRef& ref, ir::Activation act) {
  switch (act) {
    case ir::Activation::None:
    case ir::Activation::Relu:
    case ir::Activation::Relu6:
    case ir::Activation::ReluN1To1: return;
    default:
      unsupported(ref.backend, ref.op,
                  fmt::format("fused activation {}", ir::activation_name(act)));
  }
}

QuantParams per_tensor_int8(const OpRef& ref, const ir::Tensor& t, const char* role) {
  if (t.quant.empty())
    malformed(ref, fmt::format("int8 {} '{}' has no quantization parameters", role, t.name));
  if (t.quant.per_channel())
    unsupported(ref.backend, ref.op,
                fmt::format("per-channel quantization of the {} '{}'", role, t.name));
  const float scale = t.quant.scale[0];
  const int64_t zp = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
  if (!(scale > 0.0f) || !std::isfinite(scale))
    malformed(ref, fmt::format("{} '{}' has invalid scale {}", role, t.name, scale));
  if (zp < -128 || zp > 127)
    malformed(ref, fmt::format("{} '{}' has int8 zero point {} out of range", role, t.name, zp));
  return {scale, static_cast<int32_t>(zp)};
}

QuantParams per_tensor_int16(const OpRef& ref, const ir::Tensor& t, const char* role) {
  if (t.quant.empty())
    malformed(ref, fmt::format("int16 {} '{}' has no quantization parameters", role, t.name));
  if (t.quant.per_channel())
    unsupported(ref.backend, ref.op, fmt::format("per-channel quantization of the {} '{}'", role, t.name));
  const float scale = t.quant.scale[0];
  if (!(scale > 0.0f) || !std::isfinite(scale))
    malformed(ref, fmt::format("{} '{}' has invalid scale {}", role, t.name, scale));
  if (!t.quant.zero_point.empty() && t.quant.zero_point[0] != 0)
    unsupported(ref.backend, ref.op,
                fmt::format("int16 {} '{}' with zero point {} (16x8 needs 0)", role, t.name, t.quant.zero_point[0]));
  return {scale, 0};
}

std::vector<float> symmetric_filter_scales(const OpRef& ref, const ir::Tensor& filter,
                                           int32_t axis, int32_t channels) {
  const auto& q = filter.quant;
  if (q.empty())
    malformed(ref, fmt::format("int8 filter '{}' has no quantization parameters", filter.name));
  for (int64_t zp : q.zero_point)
    if (zp != 0)
      unsupported(ref.backend, ref.op,
                  fmt::format("asymmetric filter quantization (zero point {})", zp));
  if (q.per_channel()) {
    if (q.axis != axis)
      unsupported(ref.backend, ref.op,
                  fmt::format("per-channel filter quantization along axis {} (expected {})",
                              q.axis, axis));
    if (q.scale.size() != static_cast<size_t>(channels))
      malformed(ref, fmt::format("filter '{}' has {} scales for {} channels", filter.name,
                                 q.scale.size(), channels));
  }
  for (float s : q.scale)
    if (!(s >= 0.0f) || !std::isfinite(s))
      malformed(ref, fmt::format("filter '{}' has invalid scale {}", filter.name, s));
  return q.scale;
}

std::vector<int64_t> const_ints(const OpRef& ref, const ir::Tensor& t, const char* role) {
  if (!t.is_const())
    unsupported(ref.backend, ref.op, fmt::format("non-constant {} (computed at run time)", role));
  if (t.dtype != ir::DType::Int32 && t.dtype != ir::DType::Int64)
    malformed(ref, fmt::format("{} has dtype {}, expected int32 or int64", role,
                               ir::dtype_name(t.dtype)));
  expect_static_shape(ref, t, role);
  const int64_t n = t.num_elements();
  const size_t size = ir::dtype_size(t.dtype);
  if (n < 0 || t.data.size() != static_cast<size_t>(n) * size)
    malformed(ref, fmt::format("{} holds {} bytes for shape {}", role, t.data.size(),
                               shape_str(t.shape)));
  std::vector<int64_t> values(static_cast<size_t>(n));
  for (size_t i = 0; i < values.size(); ++i) {
    if (size == 4) {
      int32_t v;
      std::memcpy(&v, t.data.data() + i * 4, 4);
      values[i] = v;
    } else {
      std::memcpy(&values[i], t.data.data() + i * 8, 8);
    }
  }
  return values;
}

LoweredOp single_io(const ir::Operator& op, uint32_t opcode, std::vector<int32_t> params) {
  LoweredOp lowered;
  lowered.opcode = opcode;
  lowered.inputs = {op.inputs.at(0)};
  lowered.outputs = {op.outputs.at(0)};
  lowered.params = std::move(params);
  return lowered;
}

}  // namespace mlonmcu::ops::check
