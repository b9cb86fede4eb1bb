// ADD, SUB, MUL: broadcasting shapes up to rank 4 (TFLite-Micro's limit), every clamp
// activation, random scales and zero points. ADD_N: 2..8 inputs of one shape (int8: one
// quantization for all inputs, as TFLite-Micro requires). int16 ADD, SUB and MUL; int32 ones.
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
  // pot_scale_int16 at random: TFLite-Micro ignores it, so both must give the general rescaling.
  b.add_op(type, {x, y}, {out}, ir::ElementwiseOptions{random_clamp(rng), rng.uniform_int(0, 1) == 1});
  b.add_output(out);
  return finish(b);
}

OpCase add_n(Rng& rng, DType dtype) {
  GraphBuilder b("add_n", rng.next());
  const auto shape = random_shape(rng, 0, 4, 5);
  std::vector<int32_t> inputs = {input(b, rng, "x0", dtype, shape)};
  const int n = rng.uniform_int(2, 8);
  const ir::Quantization quant = b.graph().tensors[static_cast<size_t>(inputs[0])].quant;
  for (int i = 1; i < n; ++i) inputs.push_back(b.input("x" + std::to_string(i), dtype, shape, quant));
  const int32_t out = tensor(b, rng, "out", dtype, shape);
  b.add_op(ir::OpType::AddN, inputs, {out});
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_arithmetic_cases(std::vector<CaseGenerator>& out) {
  for (ir::OpType type : {ir::OpType::Add, ir::OpType::Sub, ir::OpType::Mul})
    add_per_dtype(out, ir::op_type_name(type), {DType::Int8, DType::Float32},
                  [type](Rng& r, DType d) { return binary(r, d, type); });
  add_per_dtype(out, "ADD_N", {DType::Float32, DType::Int8}, add_n);
  // int16 (16x8, zero points 0) ADD, SUB and MUL.
  for (ir::OpType type : {ir::OpType::Add, ir::OpType::Sub, ir::OpType::Mul})
    add_per_dtype(out, ir::op_type_name(type), {DType::Int16}, [type](Rng& r, DType d) { return binary(r, d, type); });
  // int32 without quantization; values whose sums and products fit int32 (TFLite-Micro's ADD and
  // SUB are undefined beyond), every clamp activation (ADD ignores it, as TFLite-Micro).
  for (ir::OpType type : {ir::OpType::Add, ir::OpType::Sub, ir::OpType::Mul})
    add_per_dtype(out, ir::op_type_name(type), {DType::Int32}, [type](Rng& r, DType d) {
      OpCase c = binary(r, d, type);
      c.ranges[0] = c.ranges[1] = {-40000, 40000};
      return c;
    });
}

}  // namespace mlonmcu::difftest
