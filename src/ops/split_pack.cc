// Lowering of SPLIT, SPLIT_V, UNPACK (one input cut into its outputs along an axis) and PACK
// (the inputs stacked along a new axis). Bytes are copied as they are, whatever the dtype, as
// TFLite-Micro does (it never requantizes here); the axis is folded into params.
#include <fmt/format.h>

#include "mlonmcu/kernels/split.h"
#include "mlonmcu/runtime/opcodes.h"
#include "mlonmcu/runtime/tensor.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;

// An axis in [-rank, rank) as a non-negative index.
int32_t resolve_axis(const OpRef& ref, int64_t axis, size_t rank) {
  const auto r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) check::malformed(ref, fmt::format("axis {} outside rank {}", axis, rank));
  return static_cast<int32_t>(axis < 0 ? axis + r : axis);
}

int32_t const_axis(const OpRef& ref, const ir::Tensor& t, size_t rank) {
  const std::vector<int64_t> v = check::const_ints(ref, t, "axis");
  if (v.size() != 1) check::malformed(ref, fmt::format("axis has {} values", v.size()));
  return resolve_axis(ref, v[0], rank);
}

// Each part is `whole` with the axis dim replaced (keep_axis) or removed; the parts tile it.
void expect_tiling(const OpRef& ref, const ir::Tensor& whole, const std::vector<const ir::Tensor*>& parts,
                   int32_t axis, bool keep_axis) {
  int64_t sum = 0;
  for (const ir::Tensor* part : parts) {
    check::expect_same_dtype(ref, whole, *part);
    std::vector<int32_t> expected = whole.shape;
    if (keep_axis) {
      if (part->shape.size() == whole.shape.size()) expected[static_cast<size_t>(axis)] = part->shape[static_cast<size_t>(axis)];
      sum += expected[static_cast<size_t>(axis)];
    } else {
      expected.erase(expected.begin() + axis);
      sum += 1;
    }
    if (part->shape != expected)
      check::malformed(ref, fmt::format("'{}' has shape {}, expected {}", part->name, check::shape_str(part->shape),
                                        check::shape_str(expected)));
  }
  if (sum != whole.shape[static_cast<size_t>(axis)])
    check::malformed(ref, fmt::format("{} parts of axis {} add up to {}, not {}", parts.size(), axis, sum,
                                      whole.shape[static_cast<size_t>(axis)]));
}

std::vector<const ir::Tensor*> outputs(const OpRef& ref) {
  std::vector<const ir::Tensor*> out;
  for (size_t i = 0; i < ref.op.outputs.size(); ++i) out.push_back(&check::output(ref, i));
  return out;
}

struct Plan {
  int32_t input = -1;  // tensor index of the one input (split, unpack)
  int32_t axis = 0;
};

void expect_outputs(const OpRef& ref, size_t min) {
  if (ref.op.outputs.size() < min) check::malformed(ref, "has no outputs");
  for (size_t i = 0; i < ref.op.outputs.size(); ++i) (void)check::output(ref, i);
}

Plan resolve_split(const OpRef& ref) {
  // SPLIT(axis, input): every output the same size, as TFLite-Micro's kernel assumes.
  check::expect_arity(ref, 2, 2, ref.op.outputs.size());
  expect_outputs(ref, 1);
  const ir::Tensor& in = check::input(ref, 1);
  check::expect_max_rank(ref, in, MLONMCU_MAX_RANK, "input");
  if (in.shape.empty()) check::malformed(ref, "input is a scalar");
  const int32_t axis = const_axis(ref, check::input(ref, 0), in.shape.size());
  const auto parts = outputs(ref);
  expect_tiling(ref, in, parts, axis, true);
  for (const ir::Tensor* part : parts)
    if (part->shape[static_cast<size_t>(axis)] * static_cast<int64_t>(parts.size()) != in.shape[static_cast<size_t>(axis)])
      check::malformed(ref, fmt::format("axis {} of size {} does not split into {} equal parts", axis,
                                        in.shape[static_cast<size_t>(axis)], parts.size()));
  return {ref.op.inputs[1], axis};
}

Plan resolve_split_v(const OpRef& ref) {
  // SPLIT_V(input, size_splits, axis): the outputs' own shapes say the sizes.
  check::expect_arity(ref, 3, 3, ref.op.outputs.size());
  expect_outputs(ref, 1);
  const ir::Tensor& in = check::input(ref, 0);
  check::expect_max_rank(ref, in, MLONMCU_MAX_RANK, "input");
  if (in.shape.empty()) check::malformed(ref, "input is a scalar");
  const int32_t axis = const_axis(ref, check::input(ref, 2), in.shape.size());
  expect_tiling(ref, in, outputs(ref), axis, true);
  return {ref.op.inputs[0], axis};
}

Plan resolve_unpack(const OpRef& ref) {
  check::expect_arity(ref, 1, 1, ref.op.outputs.size());
  expect_outputs(ref, 1);
  const ir::Tensor& in = check::input(ref, 0);
  check::expect_max_rank(ref, in, MLONMCU_MAX_RANK, "input");
  if (in.shape.empty()) check::malformed(ref, "input is a scalar");
  const auto& o = check::options<ir::PackOptions>(ref);
  const int32_t axis = resolve_axis(ref, o.axis, in.shape.size());
  expect_tiling(ref, in, outputs(ref), axis, false);
  return {ref.op.inputs[0], axis};
}

Plan resolve_pack(const OpRef& ref) {
  check::expect_arity(ref, 1, 64, 1);
  const ir::Tensor& out = check::output(ref);
  check::expect_max_rank(ref, out, MLONMCU_MAX_RANK, "output");
  if (out.shape.empty()) check::malformed(ref, "output is a scalar");
  const auto& o = check::options<ir::PackOptions>(ref);
  const int32_t axis = resolve_axis(ref, o.axis, out.shape.size());
  std::vector<const ir::Tensor*> parts;
  for (size_t i = 0; i < ref.op.inputs.size(); ++i) parts.push_back(&check::input(ref, i));
  expect_tiling(ref, out, parts, axis, false);
  return {-1, axis};
}

LoweredOp lowered_parts(const ir::Operator& op, const Plan& plan, uint32_t opcode) {
  LoweredOp lowered;
  lowered.opcode = opcode;
  if (plan.input >= 0) lowered.inputs = {plan.input};
  else lowered.inputs = op.inputs;
  lowered.outputs = op.outputs;
  mlonmcu_axis_params_t p{};
  p.axis = plan.axis;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace

#define MLONMCU_PARTS_OP(name, resolve, opcode)                                                               \
  void check_##name(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {          \
    resolve(OpRef{graph, op, backend});                                                                    \
  }                                                                                                        \
  LoweredOp lower_##name(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {         \
    return lowered_parts(op, resolve(OpRef{ctx.graph(), op, backend}), opcode);                            \
  }
MLONMCU_PARTS_OP(split, resolve_split, MLONMCU_OP_SPLIT)
MLONMCU_PARTS_OP(split_v, resolve_split_v, MLONMCU_OP_SPLIT)
MLONMCU_PARTS_OP(unpack, resolve_unpack, MLONMCU_OP_UNPACK)
MLONMCU_PARTS_OP(pack, resolve_pack, MLONMCU_OP_PACK)
#undef MLONMCU_PARTS_OP

}  // namespace mlonmcu::ops
