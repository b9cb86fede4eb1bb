// STRIDED_SLICE lowering: begin/end/strides (constant operands) and the begin, end and shrink
// masks are resolved per dimension here, with TFLite's StridedSliceStartForAxis /
// StridedSliceEndForAxis rules (negative indices count from the end, clamping depends on the
// stride's direction, `offset` makes end relative to begin, a shrunk axis selects one index).
// ellipsis_mask and new_axis_mask are unsupported.
#include <fmt/format.h>

#include <algorithm>

#include "mlonmcu/kernels/strided_slice.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return std::max(lo, std::min(v, hi)); }

mlonmcu_strided_slice_params_t slice_params(const check::OpRef& ref) {
  check::expect_arity(ref, 4, 4, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, MLONMCU_STRIDED_SLICE_MAX_RANK, "input");
  check::expect_max_rank(ref, out, MLONMCU_STRIDED_SLICE_MAX_RANK, "output");
  const auto& o = check::options<ir::StridedSliceOptions>(ref);
  if (o.ellipsis_mask != 0) unsupported(ref.backend, ref.op, "ellipsis_mask");
  if (o.new_axis_mask != 0) unsupported(ref.backend, ref.op, "new_axis_mask");
  const auto rank = static_cast<int32_t>(in.shape.size());
  const std::vector<int64_t> begin = check::const_ints(ref, check::input(ref, 1), "begin");
  const std::vector<int64_t> end = check::const_ints(ref, check::input(ref, 2), "end");
  const std::vector<int64_t> strides = check::const_ints(ref, check::input(ref, 3), "strides");
  if (begin.size() != in.shape.size() || end.size() != in.shape.size() ||
      strides.size() != in.shape.size())
    check::malformed(ref, fmt::format("begin/end/strides of {}/{}/{} values for a rank-{} input",
                                      begin.size(), end.size(), strides.size(), rank));

  mlonmcu_strided_slice_params_t p{};
  p.rank = rank;
  int64_t selected = 1;
  for (int32_t d = 0; d < rank; ++d) {
    const auto i = static_cast<size_t>(d);
    const int64_t size = in.shape[i];
    const int64_t stride = strides[i];
    if (stride == 0 || stride < INT32_MIN + 1 || stride > INT32_MAX)
      check::malformed(ref, fmt::format("stride {} in dimension {}", stride, d));
    int64_t start = begin[i];
    if (start < 0) start += size;
    start = stride > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
    if (o.begin_mask & (1 << d)) start = stride > 0 ? 0 : size - 1;

    int64_t stop;
    if (o.shrink_axis_mask & (1 << d)) {
      stop = start >= size ? start : start + 1;
    } else {
      stop = end[i];
      if (o.offset) stop += start;
      if (stop < 0) stop += size;
      stop = stride > 0 ? clamp(stop, 0, size) : clamp(stop, -1, size - 1);
      if (o.end_mask & (1 << d)) stop = stride > 0 ? size : -1;
    }
    p.start[d] = static_cast<int32_t>(start);
    p.stop[d] = static_cast<int32_t>(stop);
    p.stride[d] = static_cast<int32_t>(stride);
    selected *= mlonmcu_strided_slice_count(p.start[d], p.stop[d], p.stride[d]);
  }
  if (selected != out.num_elements())
    check::malformed(ref, fmt::format("the slice selects {} elements of input shape {}, output shape {} "
                                      "holds {}", selected, check::shape_str(in.shape),
                                      check::shape_str(out.shape), out.num_elements()));
  return p;
}

}  // namespace

void check_strided_slice(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  slice_params({graph, op, backend});
}

LoweredOp lower_strided_slice(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return check::single_io(op, MLONMCU_OP_STRIDED_SLICE, params_words(slice_params({ctx.graph(), op, backend})));
}

}  // namespace mlonmcu::ops
