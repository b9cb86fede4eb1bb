// Lowering of ADD, SUB, MUL (float32, int8, int16 16x8, int32 unquantized) with broadcasting up to 6
// dimensions. Quantized ADD/SUB follow TFLite-Micro's Prepare: inputs rescaled to twice the
// larger input scale with 20 bits of headroom (int16: 15, whatever pot_scale_int16 says: TFLite-Micro
// never reads it), all three multipliers below one; MUL
// has one multiplier s1 * s2 / s_out.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;

struct ArithPlan {
  const ir::Tensor* a = nullptr;
  const ir::Tensor* b = nullptr;
  const ir::Tensor* out = nullptr;
  ir::Activation activation = ir::Activation::None;
};

// The output shape must be the broadcast of the input shapes (numpy rules, right-aligned).
void check_broadcast(const OpRef& ref, const ir::Tensor& a, const ir::Tensor& b,
                     const ir::Tensor& out) {
  constexpr size_t kMaxRank = MLONMCU_KERNELS_BROADCAST_RANK;
  if (a.shape.size() > kMaxRank || b.shape.size() > kMaxRank || out.shape.size() > kMaxRank)
    unsupported(ref.backend, ref.op, fmt::format("broadcasting beyond rank {}", kMaxRank));
  const size_t rank = std::max(a.shape.size(), b.shape.size());
  std::vector<int32_t> expected(rank);
  for (size_t i = 0; i < rank; ++i) {
    auto dim = [&](const ir::Tensor& t) {
      const size_t lead = rank - t.shape.size();
      return i < lead ? 1 : t.shape[i - lead];
    };
    const int32_t da = dim(a), db = dim(b);
    if (da != db && da != 1 && db != 1)
      check::malformed(ref, fmt::format("shapes {} and {} do not broadcast",
                                        check::shape_str(a.shape), check::shape_str(b.shape)));
    expected[i] = da == 1 ? db : da;
  }
  if (out.shape != expected)
    check::malformed(ref, fmt::format("output shape {} is not the broadcast shape {}",
                                      check::shape_str(out.shape), check::shape_str(expected)));
}

// Per-tensor quantization of an int8 or int16 (16x8: zero point 0) tensor.
check::QuantParams quant(const OpRef& ref, const ir::Tensor& t, const char* role) {
  return t.dtype == ir::DType::Int16 ? check::per_tensor_int16(ref, t, role) : check::per_tensor_int8(ref, t, role);
}

// TFLite-Micro's ADD headroom: 20 bits for int8, 15 for int16.
int32_t left_shift(ir::DType dtype) { return dtype == ir::DType::Int16 ? 15 : 20; }

QuantRange output_range(const ArithPlan& plan, const check::QuantParams& o) {
  const bool int16 = plan.out->dtype == ir::DType::Int16;
  return activation_range_quantized(plan.activation, o.scale, o.zero_point, int16 ? -32768 : -128,
                                    int16 ? 32767 : 127);
}

ArithPlan resolve_arith(const OpRef& ref) {
  ArithPlan plan;
  plan.activation = check::options<ir::ElementwiseOptions>(ref).activation;
  check::expect_arity(ref, 2, 2, 1);
  plan.a = &check::input(ref, 0);
  plan.b = &check::input(ref, 1);
  plan.out = &check::output(ref);
  check_broadcast(ref, *plan.a, *plan.b, *plan.out);
  check::expect_clamp_activation(ref, plan.activation);
  const ir::DType dtype = plan.a->dtype;
  if (dtype != ir::DType::Float32 && dtype != ir::DType::Int8 && dtype != ir::DType::Int16 && dtype != ir::DType::Int32)
    unsupported(ref.backend, ref.op, fmt::format("input dtype {}", ir::dtype_name(dtype)));
  check::expect_dtype(ref, *plan.b, {dtype}, "input 2");
  check::expect_dtype(ref, *plan.out, {dtype}, "output");
  if (dtype == ir::DType::Int32) {
    // TFLite-Micro computes int32 unquantized (SUB refuses a quantization; ADD, MUL ignore it).
    if (ref.op.type == ir::OpType::Sub)
      for (const ir::Tensor* t : {plan.a, plan.b, plan.out})
        if (!t->quant.empty()) unsupported(ref.backend, ref.op, fmt::format("quantized int32 '{}'", t->name));
  } else if (dtype != ir::DType::Float32) {
    const auto a = quant(ref, *plan.a, "input 1");
    const auto b = quant(ref, *plan.b, "input 2");
    const auto o = quant(ref, *plan.out, "output");
    if (ref.op.type != ir::OpType::Mul) {
      const double twice_max = 2.0 * static_cast<double>(std::max(a.scale, b.scale));
      if (!(twice_max / (static_cast<double>(1 << left_shift(dtype)) * static_cast<double>(o.scale)) < 1.0))
        unsupported(ref.backend, ref.op,
                    "output scale too small for the inputs' scales (multiplier >= 1)");
    }
  }
  return plan;
}

// ADD and SUB share the int8 (and int16) parameter derivation.
mlonmcu_add_s8_params_t add_sub_s8_params(const OpRef& ref, const ArithPlan& plan) {
  const auto a = quant(ref, *plan.a, "input 1");
  const auto b = quant(ref, *plan.b, "input 2");
  const auto o = quant(ref, *plan.out, "output");
  mlonmcu_add_s8_params_t p{};
  p.input1_offset = -a.zero_point;
  p.input2_offset = -b.zero_point;
  p.output_offset = o.zero_point;
  p.left_shift = left_shift(plan.a->dtype);
  double real1, real2, real_out;
  if (ref.op.type == ir::OpType::Sub) {
    // TFLite-Micro's SUB derives the three ratios in float (its ADD in double); the roundings
    // differ now and then (bench_difftest --seed 3 --cases 50: one int16 output one step apart in double).
    const float twice = 2 * std::max(a.scale, b.scale);
    real1 = static_cast<double>(a.scale / twice), real2 = static_cast<double>(b.scale / twice);
    real_out = static_cast<double>(twice / (static_cast<float>(1 << p.left_shift) * o.scale));
  } else {
    const double twice = 2.0 * static_cast<double>(std::max(a.scale, b.scale));
    real1 = static_cast<double>(a.scale) / twice, real2 = static_cast<double>(b.scale) / twice;
    real_out = twice / (static_cast<double>(1 << p.left_shift) * static_cast<double>(o.scale));
  }
  const Multiplier m1 = quantize_multiplier_smaller_than_one(real1);
  const Multiplier m2 = quantize_multiplier_smaller_than_one(real2);
  const Multiplier mo = quantize_multiplier_smaller_than_one(real_out);
  p.input1_multiplier = m1.multiplier, p.input1_shift = m1.shift;
  p.input2_multiplier = m2.multiplier, p.input2_shift = m2.shift;
  p.output_multiplier = mo.multiplier, p.output_shift = mo.shift;
  const QuantRange range = output_range(plan, o);
  p.act_min = range.min, p.act_max = range.max;
  return p;
}

mlonmcu_mul_s8_params_t mul_s8_params(const OpRef& ref, const ArithPlan& plan) {
  const auto a = quant(ref, *plan.a, "input 1");
  const auto b = quant(ref, *plan.b, "input 2");
  const auto o = quant(ref, *plan.out, "output");
  mlonmcu_mul_s8_params_t p{};
  p.input1_offset = -a.zero_point;
  p.input2_offset = -b.zero_point;
  p.output_offset = o.zero_point;
  const Multiplier m = quantize_multiplier(static_cast<double>(a.scale) *
                                           static_cast<double>(b.scale) /
                                           static_cast<double>(o.scale));
  p.output_multiplier = m.multiplier, p.output_shift = m.shift;
  const QuantRange range = output_range(plan, o);
  p.act_min = range.min, p.act_max = range.max;
  return p;
}

LoweredOp lower_arith(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const ArithPlan plan = resolve_arith(ref);
  LoweredOp lowered;
  lowered.inputs = {op.inputs[0], op.inputs[1]};
  lowered.outputs = {op.outputs[0]};
  const bool is_float = plan.a->dtype == ir::DType::Float32;
  if (plan.a->dtype == ir::DType::Int32) {
    // TFLite-Micro's int32 ADD takes the full range whatever the activation; SUB and MUL apply it.
    const ir::Activation act = op.type == ir::OpType::Add ? ir::Activation::None : plan.activation;
    const QuantRange range = activation_range_quantized(act, 1.0f, 0, INT32_MIN, INT32_MAX);
    const mlonmcu_arith_s32_params_t p{range.min, range.max};
    lowered.params = params_words(p);
    lowered.opcode = op.type == ir::OpType::Add   ? MLONMCU_OP_ADD_S32
                     : op.type == ir::OpType::Sub ? MLONMCU_OP_SUB_S32
                                                  : MLONMCU_OP_MUL_S32;
    return lowered;
  }
  if (plan.a->dtype == ir::DType::Int16) {  // reference maths only
    const bool mul = op.type == ir::OpType::Mul;
    lowered.params = mul ? params_words(mul_s8_params(ref, plan)) : params_words(add_sub_s8_params(ref, plan));
    lowered.opcode = mul ? MLONMCU_OP_MUL_S16 : op.type == ir::OpType::Sub ? MLONMCU_OP_SUB_S16 : MLONMCU_OP_ADD_S16;
    return lowered;
  }
  if (is_float) {
    mlonmcu_arith_f32_params_t p{};
    const FloatRange range = activation_range_float(plan.activation);
    p.act_min = range.min, p.act_max = range.max;
    lowered.params = params_words(p);
  } else if (op.type == ir::OpType::Mul) {
    lowered.params = params_words(mul_s8_params(ref, plan));
  } else {
    mlonmcu_add_s8_params_t p = add_sub_s8_params(ref, plan);
    if (!ctx.options().reference) {
      // The optimized kernel looks up both inputs' rescaled values in a table built here.
      std::vector<int32_t> lut(MLONMCU_ADD_LUT_SIZE);
      mlonmcu_add_sub_s8_lut(&p, op.type == ir::OpType::Sub ? -1 : 1, lut.data());
      p.short_requant = mlonmcu_add_sub_s8_short_ok(&p, lut.data());
      const std::string name = plan.out->name;  // adding a tensor moves the graph's tensors
      lowered.inputs.push_back(ctx.add_const_int32(name + "/rescale_table", lut));
    }
    lowered.params = params_words(p);
  }
  const bool reference = ctx.options().reference;
  switch (op.type) {
    case ir::OpType::Add:
      lowered.opcode = is_float ? MLONMCU_OP_ADD_F32 : (reference ? MLONMCU_OP_ADD_S8_REF : MLONMCU_OP_ADD_S8);
      break;
    case ir::OpType::Sub:
      lowered.opcode = is_float ? MLONMCU_OP_SUB_F32 : (reference ? MLONMCU_OP_SUB_S8_REF : MLONMCU_OP_SUB_S8);
      break;
    default: lowered.opcode = is_float ? MLONMCU_OP_MUL_F32 : MLONMCU_OP_MUL_S8; break;
  }
  // In place only without real broadcasting: the other input full-shape or a single element.
  // (plan's tensors are re-read: adding the table may have moved them.)
  const ir::Graph& g = ctx.graph();
  const ir::Tensor& ta = g.tensors[static_cast<size_t>(op.inputs[0])];
  const ir::Tensor& tb = g.tensors[static_cast<size_t>(op.inputs[1])];
  const ir::Tensor& tout = g.tensors[static_cast<size_t>(op.outputs[0])];
  const auto full = [&](const ir::Tensor& t) { return t.shape == tout.shape; };
  if (full(ta) && (full(tb) || tb.num_elements() == 1)) lowered.inplace_inputs.push_back(0);
  if (full(tb) && (full(ta) || ta.num_elements() == 1)) lowered.inplace_inputs.push_back(1);
  return lowered;
}

}  // namespace

void check_add(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_arith(OpRef{graph, op, backend});
}
LoweredOp lower_add(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return lower_arith(op, ctx, backend);
}
void check_sub(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_arith(OpRef{graph, op, backend});
}
LoweredOp lower_sub(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return lower_arith(op, ctx, backend);
}
void check_mul(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_arith(OpRef{graph, op, backend});
}
LoweredOp lower_mul(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return lower_arith(op, ctx, backend);
}

}  // namespace mlonmcu::ops
