// Windows and matrices: L2_POOL_2D (float32), AVERAGE_POOL_2D and MAX_POOL_2D (int16) with a
// random window, stride, padding and activation;
// BATCH_MATMUL (float32, int8, int16; ranks 2..4 with broadcast batch dims, adj_x / adj_y, B a graph
// input or a constant); TRANSPOSE_CONV (float32, int8 with per-tensor or per-channel filter
// scales, int16 16x8 with an int64, int16 or no bias; random window, stride, padding, with or
// without bias).
#include <algorithm>
#include <cstring>

#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

ir::Padding random_padding(Rng& rng) { return rng.uniform_int(0, 1) ? ir::Padding::Same : ir::Padding::Valid; }

// L2_POOL_2D, and AVERAGE_POOL_2D / MAX_POOL_2D int16 (output in the input's quantization).
OpCase pool(Rng& rng, T type, DType dtype) {
  GraphBuilder b("pool", rng.next());
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
  const std::vector<int32_t> out_shape = {shape[0], oh, ow, shape[3]};
  const int32_t out = type == T::L2Pool2D ? tensor(b, rng, "out", dtype, out_shape) : tensor_like(b, "out", x, out_shape);
  b.add_op(type, {x}, {out}, o);
  b.add_output(out);
  return finish(b);
}

OpCase batch_matmul(Rng& rng, DType dtype) {
  GraphBuilder b("batch_matmul", rng.next());
  const int rank_a = rng.uniform_int(2, 4), rank_b = rng.uniform_int(2, 4);
  const int rank = std::max(rank_a, rank_b);
  std::vector<int32_t> batch_a, batch_b, batch_out;
  for (int d = rank - 2; d > 0; --d) {  // batch dims right-aligned: d counts from the matrix
    const int32_t n = rng.uniform_int(1, 3);
    const bool a_one = rng.uniform_int(0, 2) == 0, b_one = !a_one && rng.uniform_int(0, 2) == 0;
    if (d <= rank_a - 2) batch_a.push_back(a_one ? 1 : n);
    if (d <= rank_b - 2) batch_b.push_back(b_one ? 1 : n);
    batch_out.push_back(std::max(d <= rank_a - 2 ? batch_a.back() : 1, d <= rank_b - 2 ? batch_b.back() : 1));
  }
  const int32_t m = rng.uniform_int(1, 5), n = rng.uniform_int(1, 5), k = rng.uniform_int(1, 6);
  ir::BatchMatMulOptions o;
  o.adj_x = rng.uniform_int(0, 1) == 1, o.adj_y = rng.uniform_int(0, 1) == 1;
  auto with = [](std::vector<int32_t> dims, int32_t r, int32_t c) {
    dims.push_back(r), dims.push_back(c);
    return dims;
  };
  const int32_t x = input(b, rng, "a", dtype, with(batch_a, o.adj_x ? k : m, o.adj_x ? m : k));
  const auto b_shape = with(batch_b, o.adj_y ? n : k, o.adj_y ? k : n);
  const int32_t y = rng.uniform_int(0, 1) ? input(b, rng, "b", dtype, b_shape) : random_const(b, rng, "b", dtype, b_shape);
  // int16 sums of products reach 2^30 * k: an output scale of a * b * 2^[13, 20] mixes saturated
  // and unsaturated outputs (random int16 scales would nearly always saturate).
  const auto scale_of = [&](int32_t t) { return b.graph().tensors[static_cast<size_t>(t)].quant.scale[0]; };
  const int32_t out = dtype == DType::Int16
                          ? b.add_tensor("out", dtype, with(batch_out, m, n),
                                         modelbuilder::per_tensor(scale_of(x) * scale_of(y) * random_scale(rng, 13, 20), 0))
                          : tensor(b, rng, "out", dtype, with(batch_out, m, n));
  b.add_op(T::BatchMatMul, {x, y}, {out}, o);
  b.add_output(out);
  return finish(b);
}

OpCase transpose_conv(Rng& rng, DType dtype) {
  GraphBuilder b("transpose_conv", rng.next());
  ir::TransposeConvOptions o;
  o.padding = random_padding(rng);
  o.stride_h = rng.uniform_int(1, 2), o.stride_w = rng.uniform_int(1, 2);
  // float32 only without activation: TFLite-Micro reads the float activation from outside its
  // options struct (it takes them for a CONV_2D's), so it is whatever lies there.
  static const ir::Activation kActs[] = {ir::Activation::None, ir::Activation::Relu, ir::Activation::Relu6,
                                         ir::Activation::ReluN1To1};
  o.activation = dtype == DType::Float32 ? ir::Activation::None : kActs[rng.uniform_int(0, 3)];
  const int32_t fh = rng.uniform_int(1, 3), fw = rng.uniform_int(1, 3), oc = rng.uniform_int(1, 4);
  const std::vector<int32_t> in = {rng.uniform_int(1, 2), rng.uniform_int(1, 4), rng.uniform_int(1, 4),
                                   rng.uniform_int(1, 3)};
  // The output size TensorFlow gives a transposed convolution of this input.
  auto out_size = [&](int32_t n, int32_t f, int32_t stride) {
    return o.padding == ir::Padding::Same ? n * stride : (n - 1) * stride + f;
  };
  const std::vector<int32_t> out_shape = {in[0], out_size(in[1], fh, o.stride_h), out_size(in[2], fw, o.stride_w), oc};
  const int32_t shape = b.add_const_int32("output_shape", {4}, out_shape);
  const int32_t x = input(b, rng, "x", dtype, in);
  const int32_t filter = dtype != DType::Float32 ? symmetric_filter(b, rng, "filter", {oc, fh, fw, in[3]}, 0, -9, -5)
                                                : random_const(b, rng, "filter", dtype, {oc, fh, fw, in[3]});
  const auto scale_of = [&](int32_t t) { return b.graph().tensors[static_cast<size_t>(t)].quant.scale[0]; };
  int32_t bias = -1;
  if (dtype == DType::Int16) {
    // 16x8: none, an int64 bias or an int16 one (TFLite-Micro widens it); scale input * filter.
    const int kind = rng.uniform_int(0, 2);
    const float bias_scale = scale_of(x) * scale_of(filter);
    if (kind == 1) bias = random_bias(b, rng, "bias", DType::Int64, oc, 1 << 20, bias_scale);
    if (kind == 2) {
      std::vector<uint8_t> data(static_cast<size_t>(oc) * 2);
      for (int32_t c = 0; c < oc; ++c) {
        const auto v = static_cast<int16_t>(rng.uniform_int(-32768, 32767));
        std::memcpy(data.data() + 2 * c, &v, 2);
      }
      bias = b.add_const("bias", DType::Int16, {oc}, std::move(data), modelbuilder::per_tensor(bias_scale, 0));
    }
  } else if (rng.uniform_int(0, 1) == 1) {
    bias = random_const(b, rng, "bias", dtype == DType::Int8 ? DType::Int32 : dtype, {oc});
  }
  // int16: output scales that keep the 64-bit sums mostly inside the int16 range.
  const int32_t out = dtype == DType::Int16
                          ? b.add_tensor("out", dtype, out_shape,
                                         modelbuilder::per_tensor(scale_of(x) * scale_of(filter) * random_scale(rng, 6, 12), 0))
                          : tensor(b, rng, "out", dtype, out_shape);
  std::vector<int32_t> inputs = {shape, filter, x};
  if (bias >= 0) inputs.push_back(bias);
  b.add_op(T::TransposeConv, inputs, {out}, o);
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_window_cases(std::vector<CaseGenerator>& out) {
  add_per_dtype(out, "L2_POOL_2D", {DType::Float32}, [](Rng& r, DType d) { return pool(r, T::L2Pool2D, d); });
  for (T type : {T::AveragePool2D, T::MaxPool2D})
    add_per_dtype(out, ir::op_type_name(type), {DType::Int16}, [type](Rng& r, DType d) { return pool(r, type, d); });
  add_per_dtype(out, "BATCH_MATMUL", {DType::Float32, DType::Int8, DType::Int16}, batch_matmul);
  add_per_dtype(out, "TRANSPOSE_CONV", {DType::Float32, DType::Int8, DType::Int16}, transpose_conv);
}

}  // namespace mlonmcu::difftest
