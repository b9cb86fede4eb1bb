// Windows and matrices: L2_POOL_2D (float32; random window, stride, padding and activation).
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

ir::Padding random_padding(Rng& rng) { return rng.uniform_int(0, 1) ? ir::Padding::Same : ir::Padding::Valid; }

OpCase l2_pool(Rng& rng, DType dtype) {
  GraphBuilder b("l2_pool", rng.next());
  ir::Pool2DOptions o;
  o.filter_h = rng.uniform_int(1, 3), o.filter_w = rng.uniform_int(1, 3);
  o.stride_h = rng.uniform_int(1, 2), o.stride_w = rng.uniform_int(1, 2);
  o.padding = random_padding(rng);
  static const ir::Activation kActs[] = {ir::Activation::None, ir::Activation::Relu, ir::Activation::Relu6,
                                         ir::Activation::ReluN1To1};
  o.activation = kActs[rng.uniform_int(0, 3)];
  const std::vector<int32_t> shape = {rng.uniform_int(1, 2), rng.uniform_int(3, 6), rng.uniform_int(3, 6),
                                      rng.uniform_int(1, 4)};
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t oh = modelbuilder::window_output_size(shape[1], o.filter_h, o.stride_h, 1, o.padding);
  const int32_t ow = modelbuilder::window_output_size(shape[2], o.filter_w, o.stride_w, 1, o.padding);
  const int32_t out = tensor(b, rng, "out", dtype, {shape[0], oh, ow, shape[3]});
  b.add_op(T::L2Pool2D, {x}, {out}, o);
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_window_cases(std::vector<CaseGenerator>& out) {
  add_per_dtype(out, "L2_POOL_2D", {DType::Float32}, l2_pool);
}

}  // namespace mlonmcu::difftest
