// PAD and PADV2 lowering: the constant paddings operand is folded into params (it is not needed
// at run time). PAD pads int8 with the output zero point, other dtypes with 0, as TFLite-Micro
// does; PADV2 with its (constant, scalar) constant_values, which int8 gives in the output's
// quantization.
#include <fmt/format.h>

#include <cstring>

#include "mlonmcu/kernels/pad.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

// PADV2's constant_values as the kernel's pad value: the element's bit pattern, sign-extended.
int32_t constant_value(const check::OpRef& ref, const ir::Tensor& value, const ir::Tensor& out) {
  check::expect_same_dtype(ref, value, out);
  if (!value.is_const()) unsupported(ref.backend, ref.op, "non-constant constant_values");
  if (value.num_elements() != 1) check::malformed(ref, "constant_values is not a scalar");
  if (out.dtype == ir::DType::Int8) {
    const auto v = check::per_tensor_int8(ref, value, "constant_values");
    const auto o = check::per_tensor_int8(ref, out, "output");
    if (v.scale != o.scale || v.zero_point != o.zero_point)
      unsupported(ref.backend, ref.op, "constant_values quantized unlike the output");
  }
  switch (ir::dtype_size(value.dtype)) {
    case 1: return static_cast<int8_t>(value.data[0]);
    case 2: { int16_t v; std::memcpy(&v, value.data.data(), 2); return v; }
    case 4: { int32_t v; std::memcpy(&v, value.data.data(), 4); return v; }
    default: unsupported(ref.backend, ref.op, fmt::format("constant_values of dtype {}", ir::dtype_name(value.dtype)));
  }
}

mlonmcu_pad_params_t pad_params(const check::OpRef& ref) {
  check::expect_arity(ref, 2, 3, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, MLONMCU_PAD_MAX_RANK, "input");
  check::expect_max_rank(ref, out, MLONMCU_PAD_MAX_RANK, "output");
  const auto rank = static_cast<int32_t>(in.shape.size());
  const std::vector<int64_t> paddings = check::const_ints(ref, check::input(ref, 1), "paddings");
  if (paddings.size() != static_cast<size_t>(rank) * 2 || out.shape.size() != in.shape.size())
    check::malformed(ref, fmt::format("{} padding values for input shape {} and output shape {}",
                                      paddings.size(), check::shape_str(in.shape),
                                      check::shape_str(out.shape)));
  mlonmcu_pad_params_t p{};
  p.rank = rank;
  for (int32_t d = 0; d < rank; ++d) {
    const int64_t before = paddings[static_cast<size_t>(d) * 2];
    const int64_t after = paddings[static_cast<size_t>(d) * 2 + 1];
    if (before < 0 || after < 0 || in.shape[d] + before + after != out.shape[d])
      check::malformed(ref, fmt::format("padding ({}, {}) of dimension {} does not turn input shape "
                                        "{} into output shape {}", before, after, d,
                                        check::shape_str(in.shape), check::shape_str(out.shape)));
    p.before[d] = static_cast<int32_t>(before);
    p.after[d] = static_cast<int32_t>(after);
  }
  // TFLite-Micro copies int8 values unchanged (the converter gives input and output the same
  // quantization) and pads with the output zero point; every other dtype pads with zero bits.
  if (in.dtype == ir::DType::Int8) p.pad_value = check::per_tensor_int8(ref, out, "output").zero_point;
  if (const ir::Tensor* value = check::optional_input(ref, 2)) p.pad_value = constant_value(ref, *value, out);
  return p;
}

}  // namespace

void check_pad(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  pad_params({graph, op, backend});
}

LoweredOp lower_pad(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return check::single_io(op, MLONMCU_OP_PAD, params_words(pad_params({ctx.graph(), op, backend})));
}

}  // namespace mlonmcu::ops
