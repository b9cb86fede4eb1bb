// QUANTIZE between every pair of types TFLite-Micro converts (float32 -> int8/int16, int8 ->
// int8/int16/int32, int16 -> int8/int16/int32, int32 -> int8/int16) and DEQUANTIZE (int8,
// int16 -> float32), with independent random scales.
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

// int32 tensors of QUANTIZE carry a scale and zero point 0 (as int16 does).
ir::Quantization quant_of(Rng& rng, DType dtype) {
  if (dtype == DType::Int32) return modelbuilder::per_tensor(random_scale(rng, -16, -8), 0);
  return random_quant(rng, dtype);
}

OpCase convert(Rng& rng, T type, DType from, DType to) {
  GraphBuilder b(ir::op_type_name(type), rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const int32_t x = b.input("x", from, shape);
  const int32_t out = b.add_tensor("out", to, shape);
  b.graph().tensors[static_cast<size_t>(x)].quant = quant_of(rng, from);
  b.graph().tensors[static_cast<size_t>(out)].quant = quant_of(rng, to);
  b.add_op(type, {x}, {out});
  b.add_output(out);
  // int32 inputs near the output range, so that clamping and rounding both show.
  if (from == DType::Int32) return finish(b, {{0, {-300000, 300000}}});
  return finish(b);
}

}  // namespace

void add_quantize_cases(std::vector<CaseGenerator>& out) {
  const std::pair<DType, DType> pairs[] = {
      {DType::Float32, DType::Int8}, {DType::Float32, DType::Int16}, {DType::Int8, DType::Int8},
      {DType::Int8, DType::Int16},   {DType::Int8, DType::Int32},    {DType::Int16, DType::Int8},
      {DType::Int16, DType::Int16},  {DType::Int16, DType::Int32},   {DType::Int32, DType::Int8},
      {DType::Int32, DType::Int16}};
  for (const auto& [from, to] : pairs)
    out.push_back({"QUANTIZE", dtype_label(from) + "->" + dtype_label(to),
                   [from, to](Rng& r) { return convert(r, T::Quantize, from, to); }});
  for (DType from : {DType::Int8, DType::Int16})
    out.push_back({"DEQUANTIZE", dtype_label(from) + "->float32",
                   [from](Rng& r) { return convert(r, T::Dequantize, from, DType::Float32); }});
}

}  // namespace mlonmcu::difftest
