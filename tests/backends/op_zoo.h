// Test helper: small graphs that together lower to every opcode of the kernel call table
// (runtime/ops/kernel_calls.def), int8 and float32, each op's result a graph output so every
// kernel call matters. Weights come from the model builder's seeded generator.
#pragma once

#include <vector>

#include "ir/graph.h"
#include "modelbuilder/builder.h"

namespace mlonmcu::test {

inline std::vector<ir::Graph> op_zoo() {
  using ir::Activation;
  using ir::DType;
  using ir::OpType;
  using ir::Padding;
  using modelbuilder::per_tensor;
  std::vector<ir::Graph> graphs;

  {  // int8: convolutions, the fused residual ADD, arithmetic, activations, pooling, softmax
    modelbuilder::GraphBuilder b("zoo_int8_compute", 11);
    const auto q = per_tensor(0.05f, -10);
    const int32_t x = b.input("x", DType::Int8, {1, 6, 6, 4}, q);
    const int32_t c = b.conv2d(x, 8, 3, 3, 1, Padding::Same, Activation::Relu);
    const int32_t d = b.depthwise_conv2d(c, 3, 3, 1, Padding::Same, Activation::Relu6);
    const int32_t a = b.add(c, d, Activation::None);  // c has two readers: a plain ADD
    const int32_t e = b.conv2d(a, 8, 1, 1, 1, Padding::Valid, Activation::None);
    const int32_t f = b.add(e, a, Activation::None);  // fused into the 1x1 conv
    const auto& fq = b.graph().tensors[static_cast<size_t>(f)].quant;
    const int32_t mul = b.add_tensor("mul", DType::Int8, {1, 6, 6, 8}, per_tensor(0.2f, 3));
    b.add_op(OpType::Mul, {f, a}, {mul}, ir::ElementwiseOptions{});
    const int32_t sub = b.add_tensor("sub", DType::Int8, {1, 6, 6, 8}, per_tensor(0.1f, 0));
    b.add_op(OpType::Sub, {mul, f}, {sub}, ir::ElementwiseOptions{});
    const int32_t relu = b.add_tensor("relu", DType::Int8, {1, 6, 6, 8}, per_tensor(0.07f, -128));
    b.add_op(OpType::Relu, {sub}, {relu});
    const int32_t relu6 = b.add_tensor("relu6", DType::Int8, {1, 6, 6, 8}, fq);
    b.add_op(OpType::Relu6, {f}, {relu6});
    const int32_t logistic =
        b.add_tensor("logistic", DType::Int8, {1, 6, 6, 8}, per_tensor(1.0f / 256, -128));
    b.add_op(OpType::Logistic, {sub}, {logistic});
    const int32_t tanh = b.add_tensor("tanh", DType::Int8, {1, 6, 6, 8}, per_tensor(1.0f / 128, 0));
    b.add_op(OpType::Tanh, {sub}, {tanh});
    const int32_t maxp = b.max_pool(relu, 2, 2, Padding::Valid);
    const int32_t avgp = b.average_pool(relu6, 3, 1, Padding::Same);
    const int32_t flat = b.reshape(maxp, {1, 72});
    const int32_t fc = b.fully_connected(flat, 5, Activation::Relu);
    for (int32_t out : {mul, logistic, tanh, avgp, b.softmax(fc)}) b.add_output(out);
    graphs.push_back(b.build());
  }
  {  // int8: data movement, MEAN, requantization, and a convolution without a fused ADD
    modelbuilder::GraphBuilder b("zoo_int8_shape", 12);
    const int32_t x = b.input("x", DType::Int8, {1, 4, 4, 3}, per_tensor(0.1f, 2));
    const int32_t y = b.input("y", DType::Int8, {1, 4, 2, 3}, per_tensor(0.1f, 2));
    const int32_t z = b.input("z", DType::Int8, {1, 4, 1, 3}, per_tensor(0.3f, -7));
    const int32_t same = b.add_tensor("concat", DType::Int8, {1, 4, 6, 3}, per_tensor(0.1f, 2));
    b.add_op(OpType::Concatenation, {x, y}, {same}, ir::ConcatenationOptions{2});
    const int32_t mixed = b.add_tensor("concat_rq", DType::Int8, {1, 4, 7, 3}, per_tensor(0.1f, 2));
    b.add_op(OpType::Concatenation, {x, z, y}, {mixed}, ir::ConcatenationOptions{-2});
    const int32_t pads = b.add_const_int32("pads", {4, 2}, {0, 0, 1, 2, 0, 0, 0, 0});
    const int32_t padded = b.add_tensor("pad", DType::Int8, {1, 7, 7, 3}, per_tensor(0.1f, 2));
    b.add_op(OpType::Pad, {mixed, pads}, {padded});
    const int32_t axes = b.add_const_int32("axes", {2}, {1, 2});
    const int32_t mean = b.add_tensor("mean", DType::Int8, {1, 1, 1, 3}, per_tensor(0.05f, 1));
    b.add_op(OpType::Mean, {padded, axes}, {mean}, ir::ReducerOptions{true});
    const int32_t perm = b.add_const_int32("perm", {4}, {0, 3, 1, 2});
    const int32_t transposed =
        b.add_tensor("transpose", DType::Int8, {1, 3, 4, 6}, per_tensor(0.1f, 2));
    b.add_op(OpType::Transpose, {same, perm}, {transposed});
    const int32_t begin = b.add_const_int32("begin", {4}, {0, 1, 0, 1});
    const int32_t end = b.add_const_int32("end", {4}, {1, 3, 4, 6});
    const int32_t strides = b.add_const_int32("strides", {4}, {1, 1, 2, 2});
    const int32_t sliced = b.add_tensor("slice", DType::Int8, {1, 2, 2, 3}, per_tensor(0.1f, 2));
    b.add_op(OpType::StridedSlice, {transposed, begin, end, strides}, {sliced},
             ir::StridedSliceOptions{});
    const int32_t requant =
        b.add_tensor("requant", DType::Int8, {1, 2, 2, 3}, per_tensor(0.03f, -20));
    b.add_op(OpType::Quantize, {sliced}, {requant});
    const int32_t squeezed = b.add_tensor("squeeze", DType::Int8, {3}, per_tensor(0.05f, 1));
    b.add_op(OpType::Squeeze, {mean}, {squeezed}, ir::SqueezeOptions{{0, 1, 2}});
    const int32_t deq = b.add_tensor("dequantize", DType::Float32, {1, 2, 2, 3});
    b.add_op(OpType::Dequantize, {requant}, {deq});
    const int32_t conv = b.conv2d(x, 5, 3, 3, 2, Padding::Same, Activation::None);
    for (int32_t out : {padded, squeezed, deq, conv}) b.add_output(out);
    graphs.push_back(b.build());
  }
  {  // float32 versions of the compute ops
    modelbuilder::GraphBuilder b("zoo_float", 13);
    const int32_t x = b.input("x", DType::Float32, {1, 6, 6, 3});
    const int32_t c = b.conv2d(x, 4, 3, 3, 2, Padding::Same, Activation::Relu6);
    const int32_t d = b.depthwise_conv2d(c, 3, 3, 1, Padding::Same, Activation::None);
    const int32_t a = b.add(c, d, Activation::Relu);
    std::vector<int32_t> outs;
    for (OpType t : {OpType::Sub, OpType::Mul}) {
      const int32_t o = b.add_tensor(ir::op_type_name(t), DType::Float32, {1, 3, 3, 4});
      b.add_op(t, {a, d}, {o}, ir::ElementwiseOptions{});
      outs.push_back(o);
    }
    for (OpType t : {OpType::Relu, OpType::Relu6, OpType::Logistic, OpType::Tanh}) {
      const int32_t o = b.add_tensor(ir::op_type_name(t), DType::Float32, {1, 3, 3, 4});
      b.add_op(t, {outs[0]}, {o});
      outs.push_back(o);
    }
    const int32_t maxp = b.max_pool(outs[2], 2, 1, Padding::Valid);
    const int32_t avgp = b.average_pool(outs[3], 3, 3, Padding::Valid);
    const int32_t axes = b.add_const_int32("axes", {1}, {3});
    const int32_t mean = b.add_tensor("mean", DType::Float32, {1, 2, 2});
    b.add_op(OpType::Mean, {maxp, axes}, {mean}, ir::ReducerOptions{false});
    const int32_t flat = b.reshape(outs[4], {1, 36});
    const int32_t fc = b.fully_connected(flat, 6, Activation::None);
    const int32_t q = b.add_tensor("quantize", DType::Int8, {1, 6}, per_tensor(0.02f, 5));
    b.add_op(OpType::Quantize, {fc}, {q});
    for (int32_t out : {outs[1], outs[5], avgp, mean, b.softmax(fc), q}) b.add_output(out);
    graphs.push_back(b.build());
  }
  {  // int8 with ONNX's requantization (float scales, round half to even)
    modelbuilder::GraphBuilder b("zoo_onnx_requant", 14);
    const int32_t x = b.input("x", DType::Int8, {1, 5, 5, 4}, per_tensor(0.04f, -3));
    const int32_t c = b.conv2d(x, 6, 3, 3, 1, Padding::Same, Activation::Relu);
    const int32_t d = b.depthwise_conv2d(c, 3, 3, 2, Padding::Same, Activation::None);
    const int32_t flat = b.reshape(d, {1, 54});
    const int32_t fc = b.fully_connected(flat, 5, Activation::Relu6);
    const int32_t f = b.input("f", DType::Float32, {1, 7});
    const int32_t q = b.add_tensor("quantize_onnx", DType::Int8, {1, 7}, per_tensor(0.5f, 1));
    b.add_op(OpType::Quantize, {f}, {q});
    for (auto& op : b.graph().ops) op.requant = ir::Requantization::FloatHalfEven;
    for (int32_t out : {c, fc, q}) b.add_output(out);
    graphs.push_back(b.build());
  }
  return graphs;
}

}  // namespace mlonmcu::test
