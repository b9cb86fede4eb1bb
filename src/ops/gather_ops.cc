// Lowering of GATHER, GATHER_ND and EMBEDDING_LOOKUP: int32 indices computed at run time pick
// rows of the input; the row geometry is folded into params. Rows are copied as bytes, except
// EMBEDDING_LOOKUP of int8 values into float32, which dequantizes them as TFLite-Micro does.
#include <fmt/format.h>

#include "mlonmcu/kernels/gather.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;

int64_t product(const std::vector<int32_t>& shape, size_t from, size_t to) {
  int64_t n = 1;
  for (size_t d = from; d < to && d < shape.size(); ++d) n *= shape[d];
  return n;
}

mlonmcu_gather_params_t gather_params(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& indices = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_dtype(ref, indices, {ir::DType::Int32}, "indices");
  const auto& o = check::options<ir::GatherOptions>(ref);
  const auto rank = static_cast<int32_t>(in.shape.size()), index_rank = static_cast<int32_t>(indices.shape.size());
  const int32_t axis = o.axis < 0 ? o.axis + rank : o.axis;
  const int32_t batch_dims = o.batch_dims < 0 ? o.batch_dims + index_rank : o.batch_dims;
  if (axis < 0 || axis >= rank || batch_dims < 0 || batch_dims > axis || batch_dims > index_rank)
    check::malformed(ref, fmt::format("axis {} with batch_dims {} for ranks {} and {}", o.axis, o.batch_dims, rank,
                                      index_rank));
  for (int32_t d = 0; d < batch_dims; ++d)
    if (in.shape[d] != indices.shape[d]) check::malformed(ref, "batch dims of input and indices differ");
  std::vector<int32_t> expected(in.shape.begin(), in.shape.begin() + axis);
  expected.insert(expected.end(), indices.shape.begin() + batch_dims, indices.shape.end());
  expected.insert(expected.end(), in.shape.begin() + axis + 1, in.shape.end());
  check::expect_shape(ref, out, expected);
  mlonmcu_gather_params_t p{};
  p.batch = static_cast<int32_t>(product(in.shape, 0, batch_dims));
  p.outer = static_cast<int32_t>(product(in.shape, batch_dims, axis));
  p.axis_size = in.shape[axis];
  p.inner_bytes = static_cast<int32_t>(product(in.shape, axis + 1, in.shape.size()) * ir::dtype_size(in.dtype));
  p.coords = static_cast<int32_t>(product(indices.shape, batch_dims, indices.shape.size()));
  return p;
}

mlonmcu_gather_nd_params_t gather_nd_params(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& indices = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_dtype(ref, indices, {ir::DType::Int32}, "indices");
  if (in.shape.empty() || indices.shape.empty()) check::malformed(ref, "input and indices must be at least vectors");
  const int32_t depth = indices.shape.back();
  if (depth < 1 || depth > static_cast<int32_t>(in.shape.size()) || depth > MLONMCU_GATHER_ND_MAX)
    unsupported(ref.backend, ref.op, fmt::format("index depth {} for an input of rank {}", depth, in.shape.size()));
  std::vector<int32_t> expected(indices.shape.begin(), indices.shape.end() - 1);
  expected.insert(expected.end(), in.shape.begin() + depth, in.shape.end());
  check::expect_shape(ref, out, expected);
  mlonmcu_gather_nd_params_t p{};
  p.slices = static_cast<int32_t>(product(indices.shape, 0, indices.shape.size() - 1));
  p.index_depth = depth;
  p.slice_elements = static_cast<int32_t>(product(in.shape, depth, in.shape.size()));
  p.element_size = static_cast<int32_t>(ir::dtype_size(in.dtype));
  p.input_elements = static_cast<int32_t>(in.num_elements());
  for (int32_t j = 0; j < depth; ++j) p.strides[j] = static_cast<int32_t>(product(in.shape, j + 1, in.shape.size()));
  return p;
}

struct LookupPlan {
  mlonmcu_embedding_lookup_params_t params{};
  bool dequantize = false;
};

LookupPlan lookup_plan(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& ids = check::input(ref, 0);
  const ir::Tensor& values = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, ids, {ir::DType::Int32}, "ids");
  check::expect_rank(ref, ids, 1, "ids");
  if (values.shape.size() < 2) check::malformed(ref, "values must have at least 2 dims");
  std::vector<int32_t> expected = values.shape;
  expected[0] = ids.shape[0];
  check::expect_shape(ref, out, expected);
  LookupPlan plan;
  plan.dequantize = values.dtype == ir::DType::Int8 && out.dtype == ir::DType::Float32;
  if (plan.dequantize) {
    const auto q = check::per_tensor_int8(ref, values, "values");
    if (q.zero_point != 0) unsupported(ref.backend, ref.op, fmt::format("int8 values with zero point {}", q.zero_point));
    plan.params.scale = q.scale;
  } else {
    check::expect_same_dtype(ref, values, out);
  }
  plan.params.lookups = ids.shape[0];
  plan.params.rows = values.shape[0];
  plan.params.columns = static_cast<int32_t>(product(values.shape, 1, values.shape.size()));
  plan.params.element_size = static_cast<int32_t>(ir::dtype_size(values.dtype));
  return plan;
}

LoweredOp two_inputs(const ir::Operator& op, uint32_t opcode, std::vector<int32_t> params) {
  LoweredOp lowered;
  lowered.opcode = opcode;
  lowered.inputs = {op.inputs[0], op.inputs[1]};
  lowered.outputs = {op.outputs[0]};
  lowered.params = std::move(params);
  return lowered;
}

}  // namespace

void check_gather(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  gather_params({graph, op, backend});
}

LoweredOp lower_gather(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return two_inputs(op, MLONMCU_OP_GATHER, params_words(gather_params({ctx.graph(), op, backend})));
}

void check_gather_nd(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  gather_nd_params({graph, op, backend});
}

LoweredOp lower_gather_nd(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return two_inputs(op, MLONMCU_OP_GATHER_ND, params_words(gather_nd_params({ctx.graph(), op, backend})));
}

void check_embedding_lookup(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  lookup_plan({graph, op, backend});
}

LoweredOp lower_embedding_lookup(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const LookupPlan plan = lookup_plan({ctx.graph(), op, backend});
  return two_inputs(op, plan.dequantize ? MLONMCU_OP_EMBEDDING_LOOKUP_S8_F32 : MLONMCU_OP_EMBEDDING_LOOKUP,
                    params_words(plan.params));
}

}  // namespace mlonmcu::ops
