// Helpers shared by the lowering of the compute ops (conv, FC, pooling, arithmetic,
// activations, (de)quantize): operand access that turns malformed graphs into Error(Model),
// dtype/quantization checks that turn unsupported variants into Error(Unsupported), and
// TFLite's padding arithmetic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/lower.h"

namespace mlonmcu::ops::compute {

// Everything a check needs to produce a uniform error.
struct OpRef {
  const ir::Graph& graph;
  const ir::Operator& op;
  const std::string& backend;
};

// Throws Error(Model) "<OP> (output '<name>'): <what>".
[[noreturn]] void malformed(const OpRef& ref, const std::string& what);

// Checks the number of inputs (min..max, trailing optional ones may be missing or -1) and
// outputs (exactly n_out).
void expect_arity(const OpRef& ref, size_t min_in, size_t max_in, size_t n_out);
const ir::Tensor& input(const OpRef& ref, size_t i);
const ir::Tensor* optional_input(const OpRef& ref, size_t i);  // nullptr when absent
int32_t input_index(const ir::Operator& op, size_t i);          // -1 when absent
const ir::Tensor& output(const OpRef& ref, size_t i = 0);
void expect_rank(const OpRef& ref, const ir::Tensor& t, size_t rank, const char* role);

// The op's options of type T; default options when the model gave none.
template <typename T>
const T& options(const OpRef& ref) {
  static const T defaults{};
  if (std::holds_alternative<ir::NoOptions>(ref.op.options)) return defaults;
  if (const T* o = std::get_if<T>(&ref.op.options)) return *o;
  malformed(ref, "options of the wrong kind");
}

// Throws Unsupported naming the tensor role and its dtype unless it is `want`.
void expect_dtype(const OpRef& ref, const ir::Tensor& t, ir::DType want, const char* role);

// Fused activations the kernels clamp exactly (NONE, RELU, RELU6, RELU_N1_TO_1).
void expect_clamp_activation(const OpRef& ref, ir::Activation act);

// Per-tensor int8 quantization of a tensor: scale > 0 and finite, zero point in int8 range.
struct QuantParams {
  float scale = 0;
  int32_t zero_point = 0;
};
QuantParams per_tensor_int8(const OpRef& ref, const ir::Tensor& t, const char* role);

// Filter scales of a symmetric int8 weight tensor, one per channel along `axis` (size
// `channels`), or a single per-tensor scale. Non-zero zero points are Unsupported.
std::vector<float> symmetric_filter_scales(const OpRef& ref, const ir::Tensor& filter,
                                           int32_t axis, int32_t channels);

// TFLite's ComputeOutSize / ComputePadding (the kernels take only the leading pad).
int32_t conv_out_size(ir::Padding padding, int32_t in, int32_t filter, int32_t stride,
                      int32_t dilation);
int32_t conv_padding(int32_t stride, int32_t dilation, int32_t in, int32_t filter, int32_t out);

// Checks the output height/width against TFLite's formula and returns {pad_h, pad_w}.
struct Padding2D {
  int32_t h = 0;
  int32_t w = 0;
};
Padding2D window_padding(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& out,
                         ir::Padding padding, int32_t filter_h, int32_t filter_w,
                         int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                         int32_t dilation_w);

std::string shape_str(const std::vector<int32_t>& shape);

}  // namespace mlonmcu::ops::compute
