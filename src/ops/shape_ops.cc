// Lowering of the ops that make or re-shape tensors: EXPAND_DIMS (a view, like RESHAPE), SHAPE
// and BROADCAST_ARGS of constant shapes (folded into a constant the op copies), FILL and
// ZEROS_LIKE (one value repeated), BROADCAST_TO. Shapes are static, so every size goes into
// params; any dtype, as the bytes are only copied.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "mlonmcu/kernels/fill.h"
#include "mlonmcu/runtime/opcodes.h"
#include "mlonmcu/runtime/tensor.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;

void expect_rank_at_most(const OpRef& ref, const ir::Tensor& t, const char* role) {
  check::expect_max_rank(ref, t, MLONMCU_MAX_RANK, role);
}

// A constant holding `values` in the dtype of `like` (int32 or int64).
std::vector<uint8_t> int_bytes(const OpRef& ref, const ir::Tensor& like, const std::vector<int64_t>& values) {
  check::expect_dtype(ref, like, {ir::DType::Int32, ir::DType::Int64}, "output");
  const size_t size = ir::dtype_size(like.dtype);
  std::vector<uint8_t> bytes(values.size() * size);
  for (size_t i = 0; i < values.size(); ++i) {
    if (size == 4) {
      const auto v = static_cast<int32_t>(values[i]);
      std::memcpy(bytes.data() + i * 4, &v, 4);
    } else {
      std::memcpy(bytes.data() + i * 8, &values[i], 8);
    }
  }
  return bytes;
}

// Copies a folded constant to the output.
LoweredOp copy_constant(const OpRef& ref, LowerContext& ctx, const std::vector<int64_t>& values) {
  const ir::Tensor& out = check::output(ref);
  if (out.num_elements() != static_cast<int64_t>(values.size()))
    check::malformed(ref, fmt::format("output '{}' of shape {} does not hold the {} values", out.name,
                                      check::shape_str(out.shape), values.size()));
  const std::vector<uint8_t> data = int_bytes(ref, out, values);
  LoweredOp lowered;
  lowered.opcode = MLONMCU_OP_COPY;
  lowered.inputs = {ctx.add_const(out.name + "/folded", out.dtype, out.shape, data)};
  lowered.outputs = {ref.op.outputs[0]};
  return lowered;
}

void check_expand(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  expect_rank_at_most(ref, out, "output");
  const std::vector<int64_t> axis = check::const_ints(ref, check::input(ref, 1), "axis");
  if (axis.size() != 1) check::malformed(ref, "axis must hold one value");
  const auto rank = static_cast<int64_t>(in.shape.size());
  int64_t a = axis[0] < 0 ? axis[0] + rank + 1 : axis[0];
  if (a < 0 || a > rank) check::malformed(ref, fmt::format("axis {} outside rank {}", axis[0], rank + 1));
  std::vector<int32_t> expected = in.shape;
  expected.insert(expected.begin() + a, 1);
  check::expect_shape(ref, out, expected);
}

std::vector<int64_t> shape_values(const ir::Tensor& t) { return {t.shape.begin(), t.shape.end()}; }

void check_shape_op(const OpRef& ref) {
  check::expect_arity(ref, 1, 1, 1);
  (void)check::input(ref, 0);
  (void)int_bytes(ref, check::output(ref), {});
}

// BROADCAST_ARGS of two constant shape vectors: their broadcast, as TFLite computes it.
std::vector<int64_t> broadcast_of(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  std::vector<int64_t> out(std::max(a.size(), b.size()));
  for (size_t i = 0; i < out.size(); ++i) {
    const int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1, y = i < b.size() ? b[b.size() - 1 - i] : 1;
    out[out.size() - 1 - i] = static_cast<int32_t>(x == 1 ? y : x);
  }
  return out;
}

void check_broadcast_args_op(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& a = check::input(ref, 0);
  const ir::Tensor& b = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, a, {ir::DType::Int32, ir::DType::Int64}, "shape");
  check::expect_same_dtype(ref, a, b);
  check::expect_same_dtype(ref, a, out);
  for (const ir::Tensor* t : {&a, &b, &out}) check::expect_rank(ref, *t, 1, "shape");
  if (out.shape[0] != std::max(a.shape[0], b.shape[0]))
    check::malformed(ref, fmt::format("output has {} dims for shapes of {} and {}", out.shape[0], a.shape[0], b.shape[0]));
}

mlonmcu_fill_params_t fill_params(const OpRef& ref, const ir::Tensor& value, const ir::Tensor& out) {
  check::expect_same_dtype(ref, value, out);
  if (value.num_elements() != 1) check::malformed(ref, "the value is not a scalar");
  mlonmcu_fill_params_t p{};
  p.count = static_cast<int32_t>(out.num_elements());
  p.element_size = static_cast<int32_t>(ir::dtype_size(out.dtype));
  return p;
}

mlonmcu_fill_params_t fill_plan(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& out = check::output(ref);
  const std::vector<int64_t> dims = check::const_ints(ref, check::input(ref, 0), "dims");
  if (dims != shape_values(out))
    check::malformed(ref, fmt::format("dims do not match output shape {}", check::shape_str(out.shape)));
  return fill_params(ref, check::input(ref, 1), out);
}

mlonmcu_broadcast_to_params_t broadcast_to_plan(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  expect_rank_at_most(ref, out, "output");
  if (in.shape.size() > out.shape.size()) check::malformed(ref, "input has more dims than the output");
  if (check::const_ints(ref, check::input(ref, 1), "shape") != shape_values(out))
    check::malformed(ref, fmt::format("shape does not match output shape {}", check::shape_str(out.shape)));
  mlonmcu_broadcast_to_params_t p{};
  p.element_size = static_cast<int32_t>(ir::dtype_size(in.dtype));
  constexpr size_t R = MLONMCU_BROADCAST_TO_MAX_RANK;
  for (size_t d = 0; d < R; ++d) {
    const size_t lead_in = R - in.shape.size(), lead_out = R - out.shape.size();
    p.in_dims[d] = d < lead_in ? 1 : in.shape[d - lead_in];
    p.out_dims[d] = d < lead_out ? 1 : out.shape[d - lead_out];
    if (p.in_dims[d] != 1 && p.in_dims[d] != p.out_dims[d])
      check::malformed(ref, fmt::format("input shape {} does not broadcast to {}", check::shape_str(in.shape),
                                        check::shape_str(out.shape)));
  }
  return p;
}

}  // namespace

void check_expand_dims(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check_expand({graph, op, backend});
}

LoweredOp lower_expand_dims(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_expand({ctx.graph(), op, backend});
  LoweredOp lowered = check::single_io(op, MLONMCU_OP_COPY);
  lowered.output_is_input_view = true;
  return lowered;
}

void check_shape(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check_shape_op({graph, op, backend});
}

LoweredOp lower_shape(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  check_shape_op(ref);
  return copy_constant(ref, ctx, shape_values(check::input(ref, 0)));
}

void check_broadcast_args(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check_broadcast_args_op({graph, op, backend});
}

LoweredOp lower_broadcast_args(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  check_broadcast_args_op(ref);
  const ir::Tensor& a = check::input(ref, 0);
  const ir::Tensor& b = check::input(ref, 1);
  if (a.is_const() && b.is_const())
    return copy_constant(ref, ctx, broadcast_of(check::const_ints(ref, a, "shape"), check::const_ints(ref, b, "shape")));
  mlonmcu_broadcast_args_params_t p{};
  p.n1 = a.shape[0];
  p.n2 = b.shape[0];
  p.n_out = std::max(p.n1, p.n2);
  LoweredOp lowered;
  lowered.opcode = a.dtype == ir::DType::Int32 ? MLONMCU_OP_BROADCAST_ARGS_S32 : MLONMCU_OP_BROADCAST_ARGS_S64;
  lowered.inputs = {op.inputs[0], op.inputs[1]};
  lowered.outputs = {op.outputs[0]};
  lowered.params = params_words(p);
  return lowered;
}

void check_fill(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  fill_plan(OpRef{graph, op, backend});
}

LoweredOp lower_fill(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_fill_params_t p = fill_plan(OpRef{ctx.graph(), op, backend});
  LoweredOp lowered;
  lowered.opcode = MLONMCU_OP_FILL;
  lowered.inputs = {op.inputs[1]};
  lowered.outputs = {op.outputs[0]};
  lowered.params = params_words(p);
  return lowered;
}

void check_zeros_like(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const OpRef ref{graph, op, backend};
  const check::UnaryPlan plan = check::resolve_unary(ref);
  check::expect_same_dtype(ref, *plan.in, *plan.out);
}

LoweredOp lower_zeros_like(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  check_zeros_like(ctx.graph(), op, backend);
  const ir::Tensor& out = check::output(ref);
  const ir::DType dtype = out.dtype;
  const std::string name = out.name + "/zero";
  ir::Tensor zero;
  zero.dtype = dtype;
  zero.shape = {};
  const mlonmcu_fill_params_t p = fill_params(ref, zero, out);
  LoweredOp lowered;
  lowered.opcode = MLONMCU_OP_FILL;
  lowered.inputs = {ctx.add_const(name, dtype, {1}, std::vector<uint8_t>(ir::dtype_size(dtype), 0))};
  lowered.outputs = {op.outputs[0]};
  lowered.params = params_words(p);
  return lowered;
}

void check_broadcast_to(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  broadcast_to_plan(OpRef{graph, op, backend});
}

LoweredOp lower_broadcast_to(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return check::single_io(op, MLONMCU_OP_BROADCAST_TO,
                          params_words(broadcast_to_plan(OpRef{ctx.graph(), op, backend})));
}

}  // namespace mlonmcu::ops
