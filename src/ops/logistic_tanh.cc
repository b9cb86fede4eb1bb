// LOGISTIC and TANH lowering. Both int8 kernels take the input to Q4.27 with a multiplier derived
// as TFLite-Micro's Prepare does it (logistic_common.cc, tanh.cc): frexp of scale * 2^27 and a
// rounded Q31 significand, plus the input radius beyond which the output saturates. The int8
// output quantization is fixed by the op: 1/256 and -128 for LOGISTIC, 1/128 and 0 for TANH.
#include <fmt/format.h>

#include <cmath>

#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/kernels/tanh.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/shape_common.h"

namespace mlonmcu::ops {

namespace {

constexpr int kInputIntegerBits = 4;

struct Q4Input {
  int32_t zero_point = 0;
  int32_t range_radius = 0;
  int32_t multiplier = 0;
  int32_t left_shift = 0;
};

Q4Input q4_input(const shape::OpRef& ref, const shape::Quant& qin) {
  const double real = static_cast<double>(qin.scale) * static_cast<double>(1 << (31 - kInputIntegerBits));
  int shift = 0;
  const double q = std::frexp(real, &shift);
  auto multiplier = static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)));
  // TFLite casts 2^31 to int32 here (undefined); normalizing keeps the same real value.
  if (multiplier == (1LL << 31)) {
    multiplier /= 2;
    ++shift;
  }
  if (shift < 0 || shift > 30)
    unsupported(ref.backend, ref.op, fmt::format("input scale {} (outside the int8 kernel's range)", qin.scale));
  Q4Input r;
  r.zero_point = qin.zero_point;
  r.multiplier = static_cast<int32_t>(multiplier);
  r.left_shift = shift;
  r.range_radius = shape::input_radius(kInputIntegerBits, shift);
  return r;
}

// Shared checks; returns the int8 input parameters (unused for float32).
Q4Input check_unary(const shape::OpRef& ref, float out_scale, int32_t out_zero_point) {
  shape::expect_arity(ref, 1, 1, 1);
  const ir::Tensor& in = shape::input(ref, 0);
  const ir::Tensor& out = shape::output(ref);
  shape::expect_dtype(ref, in, {ir::DType::Int8, ir::DType::Float32}, "input");
  shape::expect_same_dtype(ref, in, out);
  shape::expect_max_rank(ref, in, 6, "input");
  shape::expect_max_rank(ref, out, 6, "output");
  if (in.num_elements() != out.num_elements())
    shape::malformed(ref, fmt::format("input shape {} and output shape {} differ in size",
                                      shape::shape_str(in.shape), shape::shape_str(out.shape)));
  if (in.dtype != ir::DType::Int8) return {};
  const shape::Quant qin = shape::per_tensor_quant(ref, in, "input");
  const shape::Quant qout = shape::per_tensor_quant(ref, out, "output");
  if (qout.zero_point != out_zero_point || qout.scale != out_scale)
    unsupported(ref.backend, ref.op,
                fmt::format("int8 output with scale {} and zero point {} (must be {} and {})",
                            qout.scale, qout.zero_point, out_scale, out_zero_point));
  return q4_input(ref, qin);
}

template <typename Params>
Params to_params(const Q4Input& q) {
  Params p{};
  p.input_zero_point = q.zero_point;
  p.input_range_radius = q.range_radius;
  p.input_multiplier = q.multiplier;
  p.input_left_shift = q.left_shift;
  return p;
}

}  // namespace

void check_logistic(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check_unary({graph, op, backend}, 1.0f / 256, -128);
}

LoweredOp lower_logistic(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const Q4Input q = check_unary({ctx.graph(), op, backend}, 1.0f / 256, -128);
  LoweredOp lowered;
  lowered.inputs = {op.inputs[0]};
  lowered.outputs = {op.outputs[0]};
  if (ctx.tensor(op.inputs[0]).dtype == ir::DType::Int8) {
    lowered.opcode = MLONMCU_OP_LOGISTIC_S8;
    lowered.params = params_words(to_params<mlonmcu_logistic_s8_params_t>(q));
  } else {
    lowered.opcode = MLONMCU_OP_LOGISTIC_F32;
  }
  return lowered;
}

void check_tanh(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check_unary({graph, op, backend}, 1.0f / 128, 0);
}

LoweredOp lower_tanh(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const Q4Input q = check_unary({ctx.graph(), op, backend}, 1.0f / 128, 0);
  LoweredOp lowered;
  lowered.inputs = {op.inputs[0]};
  lowered.outputs = {op.outputs[0]};
  if (ctx.tensor(op.inputs[0]).dtype == ir::DType::Int8) {
    lowered.opcode = MLONMCU_OP_TANH_S8;
    lowered.params = params_words(to_params<mlonmcu_tanh_s8_params_t>(q));
  } else {
    lowered.opcode = MLONMCU_OP_TANH_F32;
  }
  return lowered;
}

}  // namespace mlonmcu::ops
