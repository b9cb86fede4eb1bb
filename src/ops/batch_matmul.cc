// Lowering of BATCH_MATMUL (float32, int8 per-tensor, int16 per-tensor with zero points 0 as
// TFLite-Micro: both operands int16, not 16x8) as TFLite-Micro's Prepare checks it:
// ranks 2..5, batch dims broadcast (a 1 takes the other's dim), adj_x / adj_y transposing the
// last two dims of A / B. The output multiplier is derived as for a convolution without bias.
#include <fmt/format.h>

#include <algorithm>

#include "mlonmcu/kernels/batch_matmul.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using ir::DType;

constexpr size_t kMaxRank = 5;  // TFLite-Micro's limit: three batch dims

// The shape right-aligned to rank 5, leading 1s.
std::vector<int32_t> extended(const std::vector<int32_t>& shape) {
  std::vector<int32_t> out(kMaxRank - shape.size(), 1);
  out.insert(out.end(), shape.begin(), shape.end());
  return out;
}

mlonmcu_batch_matmul_params_t batch_matmul_params(const check::OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& a = check::input(ref, 0);
  const ir::Tensor& b = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, a, {DType::Float32, DType::Int8, DType::Int16}, "input");
  check::expect_same_dtype(ref, a, b);
  check::expect_same_dtype(ref, a, out);
  for (const ir::Tensor* t : {&a, &b}) {
    check::expect_max_rank(ref, *t, kMaxRank, "input");
    if (t->shape.size() < 2) check::malformed(ref, "inputs of rank 2 or more");
  }
  const auto& o = check::options<ir::BatchMatMulOptions>(ref);
  const std::vector<int32_t> ea = extended(a.shape), eb = extended(b.shape);
  mlonmcu_batch_matmul_params_t p{};
  p.adj_x = o.adj_x, p.adj_y = o.adj_y;
  p.rows = o.adj_x ? ea[4] : ea[3];
  p.depth = o.adj_x ? ea[3] : ea[4];
  p.cols = o.adj_y ? eb[3] : eb[4];
  const int32_t b_depth = o.adj_y ? eb[4] : eb[3];
  if (p.depth != b_depth)
    check::malformed(ref, fmt::format("A {} and B {} differ in the summed dim", check::shape_str(a.shape),
                                      check::shape_str(b.shape)));
  std::vector<int32_t> expected;
  int64_t a_step = static_cast<int64_t>(ea[3]) * ea[4], b_step = static_cast<int64_t>(eb[3]) * eb[4];
  for (int d = 2; d >= 0; --d) {
    const auto i = static_cast<size_t>(d);
    if (ea[i] != eb[i] && ea[i] != 1 && eb[i] != 1)
      check::malformed(ref, fmt::format("batch dims of A {} and B {} do not broadcast", check::shape_str(a.shape),
                                        check::shape_str(b.shape)));
    p.batch[i] = std::max(ea[i], eb[i]);
    p.a_stride[i] = ea[i] == 1 ? 0 : static_cast<int32_t>(a_step);
    p.b_stride[i] = eb[i] == 1 ? 0 : static_cast<int32_t>(b_step);
    a_step *= ea[i], b_step *= eb[i];
  }
  const size_t rank = std::max(a.shape.size(), b.shape.size());
  for (size_t i = kMaxRank - rank; i < 3; ++i) expected.push_back(p.batch[i]);
  expected.push_back(p.rows);
  expected.push_back(p.cols);
  check::expect_shape(ref, out, expected);
  if (a.dtype != DType::Float32) {
    const bool s16 = a.dtype == DType::Int16;  // zero points 0 (per_tensor_int16 says so)
    const auto per_tensor = s16 ? check::per_tensor_int16 : check::per_tensor_int8;
    const auto aq = per_tensor(ref, a, "input"), bq = per_tensor(ref, b, "input");
    const auto oq = per_tensor(ref, out, "output");
    // As TFLite's GetQuantizedConvolutionMultipler: the scales' product in float first.
    const Multiplier m = quantize_multiplier(static_cast<double>(aq.scale * bq.scale) / static_cast<double>(oq.scale));
    p.a_offset = -aq.zero_point, p.b_offset = -bq.zero_point, p.output_offset = oq.zero_point;
    p.output_multiplier = m.multiplier, p.output_shift = m.shift;
    if (s16 && m.shift > 14)
      unsupported(ref.backend, ref.op, fmt::format("int16 output multiplier {} (shift above 14)", m.shift));
  }
  return p;
}

}  // namespace

void check_batch_matmul(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  batch_matmul_params({graph, op, backend});
}

LoweredOp lower_batch_matmul(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_batch_matmul_params_t p = batch_matmul_params({ctx.graph(), op, backend});
  LoweredOp lowered;
  const DType dtype = ctx.tensor(op.inputs[0]).dtype;
  lowered.opcode = dtype == DType::Int8    ? MLONMCU_OP_BATCH_MATMUL_S8
                   : dtype == DType::Int16 ? MLONMCU_OP_BATCH_MATMUL_S16
                                           : MLONMCU_OP_BATCH_MATMUL_F32;
  lowered.inputs = {op.inputs[0], op.inputs[1]};
  lowered.outputs = op.outputs;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
