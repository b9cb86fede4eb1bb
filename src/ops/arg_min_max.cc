// Lowering of ARG_MAX and ARG_MIN: a constant int32 axis, float32 or int8 input, int32 output
// without the axis (the dtypes TFLite-Micro computes).
#include <fmt/format.h>

#include "mlonmcu/kernels/arg_min_max.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/element_type.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

mlonmcu_arg_min_max_params_t arg_params(const check::OpRef& ref, bool is_max) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& axis_t = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, in, {ir::DType::Float32, ir::DType::Int8}, "input");
  check::expect_dtype(ref, axis_t, {ir::DType::Int32}, "axis");
  check::expect_dtype(ref, out, {ir::DType::Int32}, "output");
  const std::vector<int64_t> axis = check::const_ints(ref, axis_t, "axis");
  const auto rank = static_cast<int64_t>(in.shape.size());
  if (axis.size() != 1 || rank < 1) check::malformed(ref, "one axis of a tensor of rank 1 or more");
  const int64_t a = axis[0] < 0 ? axis[0] + rank : axis[0];
  if (a < 0 || a >= rank) check::malformed(ref, fmt::format("axis {} outside rank {}", axis[0], rank));
  std::vector<int32_t> expected = in.shape;
  expected.erase(expected.begin() + a);
  check::expect_shape(ref, out, expected);
  if (in.shape[static_cast<size_t>(a)] < 1) check::malformed(ref, "the axis is empty");
  mlonmcu_arg_min_max_params_t p{};
  p.outer = 1, p.inner = 1;
  for (int64_t d = 0; d < rank; ++d) (d < a ? p.outer : p.inner) *= d == a ? 1 : in.shape[static_cast<size_t>(d)];
  p.axis_size = in.shape[static_cast<size_t>(a)];
  p.is_max = is_max;
  p.type = *element_type(in.dtype);
  return p;
}

}  // namespace

void check_arg_max(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  arg_params({graph, op, backend}, true);
}

LoweredOp lower_arg_max(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return check::single_io(op, MLONMCU_OP_ARG_MIN_MAX, params_words(arg_params({ctx.graph(), op, backend}, true)));
}

void check_arg_min(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  arg_params({graph, op, backend}, false);
}

LoweredOp lower_arg_min(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return check::single_io(op, MLONMCU_OP_ARG_MIN_MAX, params_words(arg_params({ctx.graph(), op, backend}, false)));
}

}  // namespace mlonmcu::ops
