// Elementwise ops of one input (ABS, CEIL, COS, EXP, FLOOR, LOG, NEG, ROUND, RSQRT, SIN, SQRT,
// SQUARE, ELU, HARD_SWISH, LEAKY_RELU, LOGICAL_NOT), LOG_SOFTMAX, int16 and int8->int16 SOFTMAX, the activations
// (RELU, RELU6, LOGISTIC, TANH) and CAST, each in the dtypes TFLite-Micro has; input and output
// scales independent where TFLite-Micro rescales.
#include <cmath>

#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

// in -> op -> out; `quantized`: the output has its own quantization, else none.
OpCase unary(Rng& rng, T type, DType dtype, bool quantized, std::map<size_t, InputRange> ranges = {},
             ir::Options options = ir::NoOptions{}) {
  GraphBuilder b(ir::op_type_name(type), rng.next());
  // L2_NORMALIZATION, (LOG_)SOFTMAX work on the last dim: no scalars.
  const bool rows = type == T::L2Normalization || type == T::LogSoftmax || type == T::Softmax;
  const auto shape = random_shape(rng, rows ? 1 : 0, 4, 5);
  const int32_t x = quantized ? input(b, rng, "x", dtype, shape) : b.input("x", dtype, shape);
  const int32_t out = quantized ? tensor(b, rng, "out", dtype, shape) : b.add_tensor("out", dtype, shape);
  b.add_op(type, {x}, {out}, std::move(options));
  b.add_output(out);
  return finish(b, std::move(ranges));
}

// alpha in [-1.5, 1.5] (negative and above 1 allowed).
OpCase leaky_relu(Rng& rng, DType dtype) {
  const float alpha = rng.uniform_float(-1.5f, 1.5f);
  return unary(rng, T::LeakyRelu, dtype, dtype != DType::Float32, {}, ir::LeakyReluOptions{alpha});
}

OpCase cast(Rng& rng, DType from, DType to) {
  GraphBuilder b("cast", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const int32_t x = b.input("x", from, shape);
  const int32_t out = b.add_tensor("out", to, shape);
  b.add_op(T::Cast, {x}, {out});
  b.add_output(out);
  // Floats that fit every integer output (TFLite's static_cast is undefined beyond).
  if (from == DType::Bool) return finish(b);
  return finish(b, {{0, from == DType::Float32 ? InputRange{-100, 100} : InputRange{-300, 300}}});
}

// int16 LOGISTIC and TANH: output 2^-15 as TFLite-Micro requires; a third of the inputs have a
// scale within 2^+-0.0008 of 2^-10..2^-14: TFLite takes those as powers of two (log2 within
// 1e-3), and 2^-12 (and 2^-11 for TANH) then use multiplier 3 (6) unscaled, which only differs
// from the general path's multiplier when the scale is not exactly the power of two.
OpCase sigmoid_s16(Rng& rng, T type) {
  OpCase c = unary(rng, type, DType::Int16, true);
  if (rng.uniform_int(0, 2) == 0) {
    const float e = static_cast<float>(-rng.uniform_int(10, 14));
    const float near = rng.uniform_int(0, 1) == 1 ? rng.uniform_float(-0.0008f, 0.0008f) : 0.0f;
    c.graph.tensors[static_cast<size_t>(c.graph.inputs[0])].quant = modelbuilder::per_tensor(std::exp2(e + near), 0);
  }
  c.graph.tensors[static_cast<size_t>(c.graph.outputs[0])].quant = modelbuilder::per_tensor(1.0f / 32768, 0);
  return c;
}

// Positive inputs keep LOG, SQRT and RSQRT real.
const InputRange kPositive{0.01, 4};

}  // namespace

void add_unary_cases(std::vector<CaseGenerator>& out) {
  for (T type : {T::Ceil, T::Cos, T::Exp, T::Floor, T::Neg, T::Round, T::Sin, T::Square})
    out.push_back({ir::op_type_name(type), "float32", [type](Rng& r) { return unary(r, type, DType::Float32, false); }});
  for (T type : {T::Log, T::Sqrt, T::Rsqrt})
    out.push_back({ir::op_type_name(type), "float32",
                   [type](Rng& r) { return unary(r, type, DType::Float32, false, {{0, kPositive}}); }});
  out.push_back({"ABS", "float32", [](Rng& r) { return unary(r, T::Abs, DType::Float32, false); }});
  out.push_back({"ABS", "int8", [](Rng& r) { return unary(r, T::Abs, DType::Int8, true); }});
  out.push_back({"ABS", "int16", [](Rng& r) { return unary(r, T::Abs, DType::Int16, true); }});
  out.push_back({"ABS", "int16 unquantized", [](Rng& r) { return unary(r, T::Abs, DType::Int16, false); }});
  // TFLite-Micro refuses int8 inputs below the zero point: the range starts at the zero point.
  out.push_back({"RSQRT", "int8", [](Rng& r) {
                   OpCase c = unary(r, T::Rsqrt, DType::Int8, true);
                   const ir::Tensor& x = c.graph.tensors[static_cast<size_t>(c.graph.inputs[0])];
                   c.ranges[0] = {static_cast<double>(x.quant.zero_point[0]), 127};
                   return c;
                 }});
  out.push_back({"ELU", "float32", [](Rng& r) { return unary(r, T::Elu, DType::Float32, false); }});
  out.push_back({"ELU", "int8", [](Rng& r) { return unary(r, T::Elu, DType::Int8, true); }});
  out.push_back({"HARD_SWISH", "float32", [](Rng& r) { return unary(r, T::HardSwish, DType::Float32, false); }});
  // Output scales near the input's: TFLite-Micro refuses outputs finer than input scale / 128.
  out.push_back({"HARD_SWISH", "int8", [](Rng& r) {
                   OpCase c = unary(r, T::HardSwish, DType::Int8, true);
                   const float in_scale = c.graph.tensors[static_cast<size_t>(c.graph.inputs[0])].quant.scale[0];
                   auto& q = c.graph.tensors[static_cast<size_t>(c.graph.outputs[0])].quant;
                   q = modelbuilder::per_tensor(in_scale * random_scale(r, -2, 2), q.zero_point[0]);
                   return c;
                 }});
  add_per_dtype(out, "LEAKY_RELU", {DType::Float32, DType::Int8, DType::Int16}, leaky_relu);
  // int8 outputs in steps of 1/128 (TFLite-Micro writes them so whatever the output says).
  out.push_back({"L2_NORMALIZATION", "float32", [](Rng& r) { return unary(r, T::L2Normalization, DType::Float32, false); }});
  out.push_back({"L2_NORMALIZATION", "int8", [](Rng& r) {
                   OpCase c = unary(r, T::L2Normalization, DType::Int8, true);
                   c.graph.tensors[static_cast<size_t>(c.graph.outputs[0])].quant = modelbuilder::per_tensor(1.0f / 128, 0);
                   return c;
                 }});
  out.push_back({"LOG_SOFTMAX", "float32", [](Rng& r) { return unary(r, T::LogSoftmax, DType::Float32, false); }});
  // int8 outputs in steps of 16/256 from 127, as TFLite-Micro requires.
  out.push_back({"LOG_SOFTMAX", "int8", [](Rng& r) {
                   OpCase c = unary(r, T::LogSoftmax, DType::Int8, true);
                   c.graph.tensors[static_cast<size_t>(c.graph.outputs[0])].quant = modelbuilder::per_tensor(16.0f / 256, 127);
                   return c;
                 }});
  // int16 (16x8) SOFTMAX: any beta, outputs in steps of 1/32768 as TFLite-Micro requires.
  out.push_back({"SOFTMAX", "int16", [](Rng& r) {
                   const float beta = r.uniform_float(0.25f, 2.0f);
                   OpCase c = unary(r, T::Softmax, DType::Int16, true, {}, ir::SoftmaxOptions{beta});
                   c.graph.tensors[static_cast<size_t>(c.graph.outputs[0])].quant = modelbuilder::per_tensor(1.0f / 32768, 0);
                   return c;
                 }});
  // The activations the built-in stack had before (their shared-model coverage aside).
  for (T type : {T::Relu, T::Relu6, T::Logistic, T::Tanh}) {
    out.push_back({ir::op_type_name(type), "float32", [type](Rng& r) { return unary(r, type, DType::Float32, false); }});
    out.push_back({ir::op_type_name(type), "int8", [type](Rng& r) {
                     OpCase c = unary(r, type, DType::Int8, true);
                     // LOGISTIC and TANH int8 outputs as the converter writes them.
                     auto& q = c.graph.tensors[static_cast<size_t>(c.graph.outputs[0])].quant;
                     if (type == T::Logistic) q = modelbuilder::per_tensor(1.0f / 256, -128);
                     if (type == T::Tanh) q = modelbuilder::per_tensor(1.0f / 128, 0);
                     if (type == T::Relu6) q = c.graph.tensors[static_cast<size_t>(c.graph.inputs[0])].quant;
                     return c;
                   }});
  }
  // int8 -> int16 SOFTMAX: output scale 1/65536 and zero point -32768, as TFLite-Micro requires.
  out.push_back({"SOFTMAX", "int8->int16", [](Rng& r) {
                   const float beta = r.uniform_float(0.25f, 2.0f);
                   GraphBuilder b("softmax", r.next());
                   const auto shape = random_shape(r, 1, 4, 9);
                   const int32_t x = input(b, r, "x", DType::Int8, shape);
                   const int32_t y = b.add_tensor("out", DType::Int16, shape, modelbuilder::per_tensor(1.0f / 65536, -32768));
                   b.add_op(T::Softmax, {x}, {y}, ir::SoftmaxOptions{beta});
                   b.add_output(y);
                   return finish(b);
                 }});
  for (T type : {T::Logistic, T::Tanh})
    out.push_back({ir::op_type_name(type), "int16", [type](Rng& r) { return sigmoid_s16(r, type); }});
  // int16 RELU requantizes like int8; RELU6 keeps the input's quantization (TFLite-Micro ignores
  // the output's).
  for (T type : {T::Relu, T::Relu6})
    out.push_back({ir::op_type_name(type), "int16", [type](Rng& r) {
                     OpCase c = unary(r, type, DType::Int16, true);
                     if (type == T::Relu6)
                       c.graph.tensors[static_cast<size_t>(c.graph.outputs[0])].quant =
                           c.graph.tensors[static_cast<size_t>(c.graph.inputs[0])].quant;
                     return c;
                   }});
  out.push_back({"LOGICAL_NOT", "bool", [](Rng& r) { return unary(r, T::LogicalNot, DType::Bool, false); }});
  const auto numbers = {DType::Int8, DType::Int16, DType::Int32, DType::Float32};
  for (DType from : {DType::Int8, DType::Int16, DType::Int32, DType::Float32, DType::Bool})
    for (DType to : numbers)
      if (from != to)
        out.push_back({"CAST", dtype_label(from) + "->" + dtype_label(to), [from, to](Rng& r) { return cast(r, from, to); }});
}

}  // namespace mlonmcu::difftest
