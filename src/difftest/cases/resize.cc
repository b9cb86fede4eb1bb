// RESIZE_NEAREST_NEIGHBOR (float32, int8, int16) and RESIZE_BILINEAR (float32, int8): up- and
// downscaling, every combination of align_corners / half_pixel_centers TFLite allows.
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

OpCase resize(Rng& rng, T type, DType dtype) {
  GraphBuilder b(ir::op_type_name(type), rng.next());
  const std::vector<int32_t> shape = {rng.uniform_int(1, 2), rng.uniform_int(1, 6), rng.uniform_int(1, 6),
                                      rng.uniform_int(1, 3)};
  const int32_t oh = rng.uniform_int(1, 9), ow = rng.uniform_int(1, 9);
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t size = b.add_const_int32("size", {2}, {oh, ow});
  const int32_t out = tensor_like(b, "out", x, {shape[0], oh, ow, shape[3]});
  const int mode = rng.uniform_int(0, 2);  // none, align_corners, half_pixel_centers
  b.add_op(type, {x, size}, {out}, ir::ResizeOptions{mode == 1, mode == 2});
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_resize_cases(std::vector<CaseGenerator>& out) {
  add_per_dtype(out, "RESIZE_NEAREST_NEIGHBOR", {DType::Float32, DType::Int8, DType::Int16},
                [](Rng& r, DType d) { return resize(r, T::ResizeNearestNeighbor, d); });
  add_per_dtype(out, "RESIZE_BILINEAR", {DType::Float32, DType::Int8},
                [](Rng& r, DType d) { return resize(r, T::ResizeBilinear, d); });
}

}  // namespace mlonmcu::difftest
