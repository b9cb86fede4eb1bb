// Lowering of the ops that move elements to computed places: SLICE (a STRIDED_SLICE with stride
// 1), MIRROR_PAD, REVERSE_V2, DEPTH_TO_SPACE and SPACE_TO_DEPTH (each a TRANSPOSE of a 6-D view),
// SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND. Their constant operands (begin/size, paddings, axes,
// block shapes, crops) are folded into params; any dtype, as the bytes are only moved.
#include <fmt/format.h>

#include "mlonmcu/kernels/reorder.h"
#include "mlonmcu/kernels/space_batch.h"
#include "mlonmcu/kernels/strided_slice.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;

mlonmcu_strided_slice_params_t slice_params(const OpRef& ref) {
  check::expect_arity(ref, 3, 3, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, MLONMCU_STRIDED_SLICE_MAX_RANK, "input");
  const std::vector<int64_t> begin = check::const_ints(ref, check::input(ref, 1), "begin");
  const std::vector<int64_t> size = check::const_ints(ref, check::input(ref, 2), "size");
  if (begin.size() != in.shape.size() || size.size() != in.shape.size())
    check::malformed(ref, fmt::format("begin/size of {}/{} values for a rank-{} input", begin.size(), size.size(),
                                      in.shape.size()));
  mlonmcu_strided_slice_params_t p{};
  p.rank = static_cast<int32_t>(in.shape.size());
  std::vector<int32_t> expected;
  for (size_t d = 0; d < in.shape.size(); ++d) {
    const int64_t n = in.shape[d];
    const int64_t stop = size[d] == -1 ? n : begin[d] + size[d];
    if (begin[d] < 0 || size[d] < -1 || stop > n)
      check::malformed(ref, fmt::format("begin {} size {} outside dimension {} of size {}", begin[d], size[d], d, n));
    p.start[d] = static_cast<int32_t>(begin[d]);
    p.stop[d] = static_cast<int32_t>(stop);
    p.stride[d] = 1;
    expected.push_back(static_cast<int32_t>(stop - begin[d]));
  }
  check::expect_shape(ref, out, expected);
  return p;
}

mlonmcu_mirror_pad_params_t mirror_pad_params(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, MLONMCU_REORDER_MAX_RANK, "input");
  const std::vector<int64_t> pads = check::const_ints(ref, check::input(ref, 1), "paddings");
  if (pads.size() != in.shape.size() * 2) check::malformed(ref, "paddings must hold two values per dimension");
  mlonmcu_mirror_pad_params_t p{};
  p.element_size = static_cast<int32_t>(ir::dtype_size(in.dtype));
  p.rank = static_cast<int32_t>(in.shape.size());
  p.offset = check::options<ir::MirrorPadOptions>(ref).symmetric ? 0 : 1;
  std::vector<int32_t> expected;
  for (size_t d = 0; d < in.shape.size(); ++d) {
    const int64_t n = in.shape[d], before = pads[2 * d], after = pads[2 * d + 1];
    if (before < 0 || after < 0 || before > n - p.offset || after > n - p.offset)
      check::malformed(ref, fmt::format("padding ({}, {}) of dimension {} is wider than its {} values allow", before,
                                        after, d, n));
    p.in_dims[d] = static_cast<int32_t>(n);
    p.before[d] = static_cast<int32_t>(before);
    p.out_dims[d] = static_cast<int32_t>(n + before + after);
    expected.push_back(p.out_dims[d]);
  }
  check::expect_shape(ref, out, expected);
  return p;
}

mlonmcu_reverse_params_t reverse_params(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, MLONMCU_REORDER_MAX_RANK, "input");
  check::expect_shape(ref, out, in.shape);
  mlonmcu_reverse_params_t p{};
  p.element_size = static_cast<int32_t>(ir::dtype_size(in.dtype));
  p.rank = static_cast<int32_t>(in.shape.size());
  for (size_t d = 0; d < in.shape.size(); ++d) p.dims[d] = in.shape[d];
  const auto rank = static_cast<int64_t>(in.shape.size());
  for (int64_t a : check::const_ints(ref, check::input(ref, 1), "axis")) {
    if (a < -rank || a >= rank) check::malformed(ref, fmt::format("axis {} outside rank {}", a, rank));
    p.reversed[a < 0 ? a + rank : a] = 1;
  }
  return p;
}

// DEPTH_TO_SPACE [n, h, w, b*b*c] -> [n, h*b, w*b, c] is the transpose (0, 1, 3, 2, 4, 5) of the
// input viewed as [n, h, w, b, b, c]; SPACE_TO_DEPTH is the same transpose of [n, h, b, w, b, c].
mlonmcu_transpose_view_params_t depth_space_params(const OpRef& ref, bool to_space) {
  check::expect_arity(ref, 1, 1, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_rank(ref, in, 4, "input");
  const int32_t b = check::options<ir::BlockOptions>(ref).block_size;
  if (b < 1) check::malformed(ref, fmt::format("block_size {}", b));
  const int32_t n = in.shape[0], h = in.shape[1], w = in.shape[2], c = in.shape[3];
  mlonmcu_transpose_view_params_t p{};
  p.element_size = static_cast<int32_t>(ir::dtype_size(in.dtype));
  p.transpose.rank = 6;
  const int32_t perm[6] = {0, 1, 3, 2, 4, 5};
  for (int d = 0; d < 6; ++d) p.transpose.perm[d] = perm[d];
  if (to_space) {
    if (c % (b * b) != 0) check::malformed(ref, fmt::format("depth {} is not a multiple of {}", c, b * b));
    const int32_t view[6] = {n, h, w, b, b, c / (b * b)};
    for (int d = 0; d < 6; ++d) p.in_dims[d] = view[d];
    check::expect_shape(ref, out, {n, h * b, w * b, c / (b * b)});
  } else {
    if (h % b != 0 || w % b != 0) check::malformed(ref, fmt::format("{}x{} is not a multiple of {}", h, w, b));
    const int32_t view[6] = {n, h / b, b, w / b, b, c};
    for (int d = 0; d < 6; ++d) p.in_dims[d] = view[d];
    check::expect_shape(ref, out, {n, h / b, w / b, c * b * b});
  }
  return p;
}

// [b, h, w, d] of a 3-D or 4-D tensor (3-D: w = 1).
void dims4(const OpRef& ref, const ir::Tensor& t, int32_t* dims) {
  if (t.shape.size() != 3 && t.shape.size() != 4)
    unsupported(ref.backend, ref.op, fmt::format("'{}' of rank {} (3 or 4)", t.name, t.shape.size()));
  dims[0] = t.shape[0];
  dims[1] = t.shape[1];
  dims[2] = t.shape.size() == 4 ? t.shape[2] : 1;
  dims[3] = t.shape.back();
}

mlonmcu_space_batch_params_t space_batch_params(const OpRef& ref, bool to_batch) {
  check::expect_arity(ref, 3, 3, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  mlonmcu_space_batch_params_t p{};
  p.element_size = static_cast<int32_t>(ir::dtype_size(in.dtype));
  dims4(ref, in, p.in_dims);
  dims4(ref, out, p.out_dims);
  const size_t spatial = in.shape.size() - 2;
  const std::vector<int64_t> block = check::const_ints(ref, check::input(ref, 1), "block_shape");
  const std::vector<int64_t> pads = check::const_ints(ref, check::input(ref, 2), to_batch ? "paddings" : "crops");
  if (block.size() != spatial || pads.size() != 2 * spatial)
    check::malformed(ref, fmt::format("block_shape/{} of {}/{} values for {} spatial dims",
                                      to_batch ? "paddings" : "crops", block.size(), pads.size(), spatial));
  p.block_h = static_cast<int32_t>(block[0]);
  p.block_w = spatial == 2 ? static_cast<int32_t>(block[1]) : 1;
  p.pad_top = static_cast<int32_t>(pads[0]);
  p.pad_left = spatial == 2 ? static_cast<int32_t>(pads[2]) : 0;
  const int64_t pad_bottom = pads[1], pad_right = spatial == 2 ? pads[3] : 0;
  if (p.block_h < 1 || p.block_w < 1 || p.pad_top < 0 || p.pad_left < 0 || pad_bottom < 0 || pad_right < 0)
    check::malformed(ref, "block sizes must be positive, paddings non-negative");
  // Paddings make the space bigger than its blocks, crops cut them: the blocks cover space + both.
  const int32_t* space = to_batch ? p.in_dims : p.out_dims;
  const int32_t* batch = to_batch ? p.out_dims : p.in_dims;
  if (batch[0] != int64_t{space[0]} * p.block_h * p.block_w || batch[3] != space[3] ||
      int64_t{batch[1]} * p.block_h != space[1] + p.pad_top + pad_bottom ||
      int64_t{batch[2]} * p.block_w != space[2] + p.pad_left + pad_right)
    check::malformed(ref, fmt::format("input shape {} and output shape {} do not fit the block and {}",
                                      check::shape_str(in.shape), check::shape_str(out.shape),
                                      to_batch ? "paddings" : "crops"));
  return p;
}

}  // namespace

#define MLONMCU_PARAMS_OP(name, make, opcode)                                                         \
  void check_##name(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {  \
    make(OpRef{graph, op, backend});                                                               \
  }                                                                                                \
  LoweredOp lower_##name(const ir::Operator& op, LowerContext& ctx, const std::string& backend) { \
    return check::single_io(op, opcode, params_words(make(OpRef{ctx.graph(), op, backend})));     \
  }
MLONMCU_PARAMS_OP(slice, slice_params, MLONMCU_OP_STRIDED_SLICE)
MLONMCU_PARAMS_OP(mirror_pad, mirror_pad_params, MLONMCU_OP_MIRROR_PAD)
MLONMCU_PARAMS_OP(reverse_v2, reverse_params, MLONMCU_OP_REVERSE)
static mlonmcu_transpose_view_params_t depth_to_space_params(const OpRef& r) { return depth_space_params(r, true); }
static mlonmcu_transpose_view_params_t space_to_depth_params(const OpRef& r) { return depth_space_params(r, false); }
static mlonmcu_space_batch_params_t space_to_batch_params(const OpRef& r) { return space_batch_params(r, true); }
static mlonmcu_space_batch_params_t batch_to_space_params(const OpRef& r) { return space_batch_params(r, false); }
MLONMCU_PARAMS_OP(depth_to_space, depth_to_space_params, MLONMCU_OP_TRANSPOSE_VIEW)
MLONMCU_PARAMS_OP(space_to_depth, space_to_depth_params, MLONMCU_OP_TRANSPOSE_VIEW)
MLONMCU_PARAMS_OP(space_to_batch_nd, space_to_batch_params, MLONMCU_OP_SPACE_TO_BATCH)
MLONMCU_PARAMS_OP(batch_to_space_nd, batch_to_space_params, MLONMCU_OP_BATCH_TO_SPACE)
#undef MLONMCU_PARAMS_OP

}  // namespace mlonmcu::ops
