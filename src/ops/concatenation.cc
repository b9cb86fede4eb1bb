// CONCATENATION lowering. Inputs with the output's quantization are copied byte for byte (this
// is all TFLite-Micro's kernel ever does, for every dtype). int8 inputs whose scale or zero point
// differ from the output's are requantized like TFLite-Micro's int8 QUANTIZE (requantize) does:
// a Q31 multiplier for input_scale / output_scale (QuantizeMultiplier), zero points around it.
#include <fmt/format.h>

#include "mlonmcu/kernels/concatenation.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

bool same_quant(const ir::Tensor& a, const ir::Tensor& b) {
  return a.quant.scale == b.quant.scale && a.quant.zero_point == b.quant.zero_point;
}

// Validates the op and returns the non-negative axis.
int32_t check_concat(const check::OpRef& ref) {
  if (ref.op.inputs.empty()) check::malformed(ref, "has no inputs");
  check::expect_arity(ref, ref.op.inputs.size(), ref.op.inputs.size(), 1);
  const ir::Tensor& out = check::output(ref);
  const auto& opts = check::options<ir::ConcatenationOptions>(ref);
  if (opts.activation != ir::Activation::None)
    unsupported(ref.backend, ref.op,
                fmt::format("fused activation {}", ir::activation_name(opts.activation)));
  check::expect_max_rank(ref, out, 6, "output");
  const auto rank = static_cast<int32_t>(out.shape.size());
  const int32_t axis = opts.axis < 0 ? opts.axis + rank : opts.axis;
  if (axis < 0 || axis >= rank)
    check::malformed(ref, fmt::format("axis {} outside a rank-{} output", opts.axis, rank));
  int64_t axis_sum = 0;
  for (size_t i = 0; i < ref.op.inputs.size(); ++i) {
    const ir::Tensor& in = check::input(ref, i);
    check::expect_same_dtype(ref, in, out);
    if (in.shape.size() != out.shape.size())
      check::malformed(ref, fmt::format("input {} has rank {}, output {}", i, in.shape.size(), rank));
    for (int32_t d = 0; d < rank; ++d) {
      if (in.shape[d] < 0 || (d != axis && in.shape[d] != out.shape[d]))
        check::malformed(ref, fmt::format("input {} shape {} does not fit output shape {} along axis {}",
                                          i, check::shape_str(in.shape), check::shape_str(out.shape), axis));
    }
    axis_sum += in.shape[axis];
    if (out.dtype == ir::DType::Int8) {
      check::per_tensor_int8(ref, in, "input");
    } else if (!same_quant(in, out)) {
      unsupported(ref.backend, ref.op,
                  fmt::format("{} inputs with a quantization different from the output's",
                              ir::dtype_name(out.dtype)));
    }
  }
  if (axis_sum != out.shape[axis])
    check::malformed(ref, fmt::format("inputs add up to {} along axis {}, output has {}", axis_sum,
                                      axis, out.shape[axis]));
  if (out.dtype == ir::DType::Int8) check::per_tensor_int8(ref, out, "output");
  return axis;
}

}  // namespace

void check_concatenation(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check_concat({graph, op, backend});
}

LoweredOp lower_concatenation(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const check::OpRef ref{ctx.graph(), op, backend};
  const int32_t axis = check_concat(ref);
  const ir::Tensor& out = check::output(ref);
  LoweredOp lowered;
  lowered.inputs = op.inputs;
  lowered.outputs = {op.outputs[0]};

  bool requant = false;
  for (size_t i = 0; i < op.inputs.size(); ++i)
    requant = requant || (out.dtype == ir::DType::Int8 && !same_quant(check::input(ref, i), out));
  if (!requant) {
    lowered.opcode = MLONMCU_OP_CONCATENATION;
    mlonmcu_concatenation_params_t p{};
    p.axis = axis;
    lowered.params = params_words(p);
    return lowered;
  }

  lowered.opcode = MLONMCU_OP_CONCATENATION_S8_REQUANT;
  const check::QuantParams qout = check::per_tensor_int8(ref, out, "output");
  mlonmcu_concatenation_requant_s8_params_t header{};
  header.axis = axis;
  header.output_zero_point = qout.zero_point;
  header.num_inputs = static_cast<int32_t>(op.inputs.size());
  lowered.params = params_words(header);
  for (size_t i = 0; i < op.inputs.size(); ++i) {
    const ir::Tensor& in = check::input(ref, i);
    const check::QuantParams qin = check::per_tensor_int8(ref, in, "input");
    mlonmcu_concatenation_requant_s8_input_t rec{};
    rec.input_zero_point = qin.zero_point;
    if (!same_quant(in, out)) {
      const double ratio = static_cast<double>(qin.scale) / static_cast<double>(qout.scale);
      if (ratio < 0x1p-31 || ratio >= 0x1p30)
        unsupported(backend, op, fmt::format("input {} to output scale ratio {}", i, ratio));
      const Multiplier m = quantize_multiplier(ratio);
      rec.multiplier = m.multiplier;
      rec.shift = m.shift;
    }
    const std::vector<int32_t> words = params_words(rec);
    lowered.params.insert(lowered.params.end(), words.begin(), words.end());
  }
  return lowered;
}

}  // namespace mlonmcu::ops
