// Lowering of RESIZE_NEAREST_NEIGHBOR (float32, int8, int16) and RESIZE_BILINEAR (float32,
// int8): NHWC input (rank 4), a constant int32 size [out_h, out_w], the options; every size is
// folded into params.
#include <fmt/format.h>

#include "mlonmcu/kernels/resize.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

mlonmcu_resize_params_t resize_params(const check::OpRef& ref, std::initializer_list<ir::DType> dtypes) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, in, dtypes, "input");
  check::expect_same_dtype(ref, in, out);
  check::expect_rank(ref, in, 4, "input");
  check::expect_rank(ref, out, 4, "output");
  const std::vector<int64_t> size = check::const_ints(ref, check::input(ref, 1), "size");
  if (size.size() != 2 || size[0] < 1 || size[1] < 1) check::malformed(ref, "size must hold two positive values");
  const std::vector<int32_t> expected = {in.shape[0], static_cast<int32_t>(size[0]), static_cast<int32_t>(size[1]),
                                         in.shape[3]};
  check::expect_shape(ref, out, expected);
  const auto& o = check::options<ir::ResizeOptions>(ref);
  if (o.align_corners && o.half_pixel_centers)
    check::malformed(ref, "align_corners and half_pixel_centers are exclusive");
  if (in.shape[1] < 1 || in.shape[2] < 1) check::malformed(ref, "empty input image");
  mlonmcu_resize_params_t p{};
  p.batches = in.shape[0], p.in_h = in.shape[1], p.in_w = in.shape[2], p.depth = in.shape[3];
  p.out_h = expected[1], p.out_w = expected[2];
  p.element_size = static_cast<int32_t>(ir::dtype_size(in.dtype));
  p.align_corners = o.align_corners;
  p.half_pixel_centers = o.half_pixel_centers;
  return p;
}

mlonmcu_resize_params_t nearest_params(const check::OpRef& ref) {
  return resize_params(ref, {ir::DType::Float32, ir::DType::Int8, ir::DType::Int16});
}

mlonmcu_resize_params_t bilinear_params(const check::OpRef& ref) {
  return resize_params(ref, {ir::DType::Float32, ir::DType::Int8});
}

}  // namespace

void check_resize_nearest_neighbor(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  nearest_params({graph, op, backend});
}

LoweredOp lower_resize_nearest_neighbor(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return check::single_io(op, MLONMCU_OP_RESIZE_NEAREST, params_words(nearest_params({ctx.graph(), op, backend})));
}

void check_resize_bilinear(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  bilinear_params({graph, op, backend});
}

LoweredOp lower_resize_bilinear(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_resize_params_t p = bilinear_params({ctx.graph(), op, backend});
  const bool int8 = ctx.tensor(op.inputs[0]).dtype == ir::DType::Int8;
  return check::single_io(op, int8 ? MLONMCU_OP_RESIZE_BILINEAR_S8 : MLONMCU_OP_RESIZE_BILINEAR_F32, params_words(p));
}

}  // namespace mlonmcu::ops
