// ADD, SUB, MUL: broadcasting shapes up to rank 4 (TFLite-Micro's limit), every clamp
// activation, random scales and zero points.
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;

ir::Activation random_clamp(Rng& rng) {
  static const ir::Activation kActs[] = {ir::Activation::None, ir::Activation::Relu, ir::Activation::Relu6,
                                         ir::Activation::ReluN1To1};
  return kActs[rng.uniform_int(0, 3)];
}

OpCase binary(Rng& rng, DType dtype, ir::OpType type) {
  GraphBuilder b("binary", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const auto other = broadcast_partner(rng, shape);
  const bool swap = rng.uniform_int(0, 1) == 1;
  const int32_t x = input(b, rng, "x", dtype, swap ? other : shape);
  const int32_t y = input(b, rng, "y", dtype, swap ? shape : other);
  const int32_t out = tensor(b, rng, "out", dtype, broadcast_shape(shape, other));
  b.add_op(type, {x, y}, {out}, ir::ElementwiseOptions{random_clamp(rng), true});
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_arithmetic_cases(std::vector<CaseGenerator>& out) {
  for (ir::OpType type : {ir::OpType::Add, ir::OpType::Sub, ir::OpType::Mul})
    add_per_dtype(out, ir::op_type_name(type), {DType::Int8, DType::Float32},
                  [type](Rng& r, DType d) { return binary(r, d, type); });
}

}  // namespace mlonmcu::difftest
