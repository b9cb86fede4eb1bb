// LOGISTIC and TANH lowering. Both int8 kernels take the input to Q4.27 with a multiplier derived
// as TFLite-Micro's Prepare does it (logistic_common.cc, tanh.cc): frexp of scale * 2^27 and a
// rounded Q31 significand, plus the input radius beyond which the output saturates. The int8
// output quantization is fixed by the op: 1/256 and -128 for LOGISTIC, 1/128 and 0 for TANH.
// int16 (zero points 0, output 2^-15) scales the input to the sigmoid table's steps as TFLite's
// int16 Prepare does: a power-of-two input scale whose shift lands on the table is multiplied by
// 3, any other by floor(scale * 3 * 2^12 * 2^shift) with the shift that brings it above 2^14.
#include <fmt/format.h>

#include <cmath>

#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/kernels/tanh.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

constexpr int kInputIntegerBits = 4;

struct Q4Input {
  int32_t zero_point = 0;
  int32_t range_radius = 0;
  int32_t multiplier = 0;
  int32_t left_shift = 0;
};

Q4Input q4_input(const check::OpRef& ref, const check::QuantParams& qin) {
  const double real = static_cast<double>(qin.scale) * static_cast<double>(1 << (31 - kInputIntegerBits));
  // TFLite casts a rounded significand of 2^31 to int32 (undefined); the normalization in
  // quantize_multiplier keeps the same real value.
  const Multiplier m = quantize_multiplier(real, LargeShift::Keep);
  if (m.multiplier == 0 || m.shift < 0 || m.shift > 30)
    unsupported(ref.backend, ref.op, fmt::format("input scale {} (outside the int8 kernel's range)", qin.scale));
  Q4Input r;
  r.zero_point = qin.zero_point;
  r.multiplier = m.multiplier;
  r.left_shift = m.shift;
  r.range_radius = input_radius(kInputIntegerBits, m.shift);
  return r;
}

// TFLite's CheckedLog2: log2 in float, rounded; a power of two within 1e-3.
bool checked_log2(float x, int* log2_rounded) {
  const float x_log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float rounded = std::round(x_log2);
  *log2_rounded = static_cast<int>(rounded);
  return std::abs(x_log2 - rounded) < 1e-3f;
}

// `max_pot_shift`: the largest shift of the power-of-two case (LOGISTIC 0, TANH 1; TFLite's rule).
mlonmcu_sigmoid_s16_params_t s16_input(const check::OpRef& ref, const check::UnaryPlan& plan, int max_pot_shift) {
  constexpr int kS16InputIntegerBits = 3;
  const check::QuantParams qin = check::per_tensor_int16(ref, *plan.in, "input");
  const check::QuantParams qout = check::per_tensor_int16(ref, *plan.out, "output");
  int out_log2 = 0;
  if (!checked_log2(qout.scale, &out_log2) || out_log2 != -15)
    unsupported(ref.backend, ref.op, fmt::format("int16 output scale {} (must be 2^-15)", qout.scale));
  mlonmcu_sigmoid_s16_params_t p{};
  int in_log2 = 0;
  const bool pot = checked_log2(qin.scale, &in_log2);
  const int pot_shift = (15 - kS16InputIntegerBits) + in_log2;
  if (pot && pot_shift >= 0 && pot_shift <= max_pot_shift) {
    p.input_multiplier = 3 << pot_shift;
    return p;
  }
  double multiplier = static_cast<double>(qin.scale) * 4096.0 * 3.0;
  while (multiplier <= 32767.0 / 2.0 && p.input_shift <= 30) {
    ++p.input_shift;
    multiplier *= 2.0;
  }
  p.input_multiplier = static_cast<int32_t>(multiplier);
  // TFLite only DCHECKs the upper bound (beyond it the int32 scaling overflows); a multiplier of
  // 0 would be taken for the power-of-two case there.
  if (multiplier > 32767.0 || p.input_multiplier < 1)
    unsupported(ref.backend, ref.op, fmt::format("int16 input scale {} (outside the int16 kernel's range)", qin.scale));
  return p;
}

// Shared checks; returns the int8 input parameters (unused for float32 and int16).
Q4Input check_unary(const check::OpRef& ref, float out_scale, int32_t out_zero_point,
                    mlonmcu_sigmoid_s16_params_t* s16, int max_pot_shift) {
  const check::UnaryPlan plan = check::resolve_unary(ref);
  const ir::Tensor& in = *plan.in;
  const ir::Tensor& out = *plan.out;
  check::expect_dtype(ref, in, {ir::DType::Int8, ir::DType::Int16, ir::DType::Float32}, "input");
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, 6, "input");
  check::expect_max_rank(ref, out, 6, "output");
  if (in.dtype == ir::DType::Int16) {
    const mlonmcu_sigmoid_s16_params_t p = s16_input(ref, plan, max_pot_shift);
    if (s16) *s16 = p;
    return {};
  }
  if (in.dtype != ir::DType::Int8) return {};
  const check::QuantParams qin = check::per_tensor_int8(ref, in, "input");
  const check::QuantParams qout = check::per_tensor_int8(ref, out, "output");
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

constexpr int kLogisticMaxPotShift = 0, kTanhMaxPotShift = 1;

}  // namespace

void check_logistic(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check_unary({graph, op, backend}, 1.0f / 256, -128, nullptr, kLogisticMaxPotShift);
}

LoweredOp lower_logistic(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  mlonmcu_sigmoid_s16_params_t s16{};
  const Q4Input q = check_unary({ctx.graph(), op, backend}, 1.0f / 256, -128, &s16, kLogisticMaxPotShift);
  LoweredOp lowered = check::single_io(op);
  lowered.inplace_inputs = {0};
  if (ctx.tensor(op.inputs[0]).dtype == ir::DType::Int16) {
    lowered.opcode = MLONMCU_OP_LOGISTIC_S16;
    lowered.params = params_words(s16);
  } else if (ctx.tensor(op.inputs[0]).dtype == ir::DType::Int8) {
    lowered.opcode = MLONMCU_OP_LOGISTIC_S8;
    lowered.params = params_words(to_params<mlonmcu_logistic_s8_params_t>(q));
  } else {
    lowered.opcode = MLONMCU_OP_LOGISTIC_F32;
  }
  return lowered;
}

void check_tanh(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check_unary({graph, op, backend}, 1.0f / 128, 0, nullptr, kTanhMaxPotShift);
}

LoweredOp lower_tanh(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  mlonmcu_sigmoid_s16_params_t s16{};
  const Q4Input q = check_unary({ctx.graph(), op, backend}, 1.0f / 128, 0, &s16, kTanhMaxPotShift);
  LoweredOp lowered = check::single_io(op);
  lowered.inplace_inputs = {0};
  if (ctx.tensor(op.inputs[0]).dtype == ir::DType::Int16) {
    lowered.opcode = MLONMCU_OP_TANH_S16;
    lowered.params = params_words(s16);
  } else if (ctx.tensor(op.inputs[0]).dtype == ir::DType::Int8) {
    lowered.opcode = MLONMCU_OP_TANH_S8;
    lowered.params = params_words(to_params<mlonmcu_tanh_s8_params_t>(q));
  } else {
    lowered.opcode = MLONMCU_OP_TANH_F32;
  }
  return lowered;
}

}  // namespace mlonmcu::ops
