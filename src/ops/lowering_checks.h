// Checks shared by every op's lowering: operand access that turns malformed graphs into
// Error(Model), dtype/activation/quantization checks that turn variants the kernels cannot
// compute exactly into Error(Unsupported), and reading constant index operands. One set for
// all ops, so every lowering reports the same problem with the same words.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "ir/graph.h"
#include "ops/lower.h"

namespace mlonmcu::ops::check {

// Everything a check needs to produce a uniform error.
struct OpRef {
  const ir::Graph& graph;
  const ir::Operator& op;
  const std::string& backend;
};

// Throws Error(Model) "<OP> (output '<name>'): <what>".
[[noreturn]] void malformed(const OpRef& ref, const std::string& what);

// Checks the number of inputs (min..max, trailing optional ones may be missing or -1), that
// every given index exists, and the number of outputs (exactly n_out).
void expect_arity(const OpRef& ref, size_t min_in, size_t max_in, size_t n_out);
int32_t input_index(const ir::Operator& op, size_t i);  // -1 when absent
const ir::Tensor& input(const OpRef& ref, size_t i);
const ir::Tensor* optional_input(const OpRef& ref, size_t i);  // nullptr when absent
const ir::Tensor& output(const OpRef& ref, size_t i = 0);

// The op's options of type T; default options when the model gave none.
template <typename T>
const T& options(const OpRef& ref) {
  static const T defaults{};
  if (std::holds_alternative<ir::NoOptions>(ref.op.options)) return defaults;
  if (const T* o = std::get_if<T>(&ref.op.options)) return *o;
  malformed(ref, "options of the wrong kind");
}

// Exactly this rank, no negative dimension (Model otherwise).
void expect_rank(const OpRef& ref, const ir::Tensor& t, size_t rank, const char* role);
// At most this rank (Unsupported otherwise), no negative dimension (Model otherwise).
void expect_max_rank(const OpRef& ref, const ir::Tensor& t, size_t max_rank, const char* role);
// Model error unless both hold the same number of elements (elementwise ops, byte copies).
void expect_same_size(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& out);

// Numpy broadcasting of input shapes (right-aligned; a 1 takes the other's dim): the shape
// every output of `inputs` must have. Unsupported beyond `max_rank`, Model when dims conflict.
std::vector<int32_t> broadcast_shape(const OpRef& ref, std::initializer_list<const ir::Tensor*> inputs,
                                     size_t max_rank);

// Model error "output shape A, expected B" unless `out` has the shape `expected`.
void expect_shape(const OpRef& ref, const ir::Tensor& out, const std::vector<int32_t>& expected);
// The same for the broadcast shape of `inputs` (broadcast_shape).
void expect_broadcast_output(const OpRef& ref, const ir::Tensor& out, std::initializer_list<const ir::Tensor*> inputs,
                             size_t max_rank);

// The input and output of an elementwise op or a byte copy: 1..max_in inputs (the ones past
// the first are not needed at run time), one output, the same number of elements.
struct UnaryPlan {
  const ir::Tensor* in = nullptr;
  const ir::Tensor* out = nullptr;
};
UnaryPlan resolve_unary(const OpRef& ref, size_t max_in = 1);

// Unsupported naming the tensor role and its dtype unless it is one of `allowed`.
void expect_dtype(const OpRef& ref, const ir::Tensor& t, std::initializer_list<ir::DType> allowed,
                  const char* role);
void expect_same_dtype(const OpRef& ref, const ir::Tensor& a, const ir::Tensor& b);

// Fused activations the kernels clamp exactly (NONE, RELU, RELU6, RELU_N1_TO_1).
void expect_clamp_activation(const OpRef& ref, ir::Activation act);

// Per-tensor int8 quantization of a tensor: scale > 0 and finite, zero point in int8 range
// (a missing zero point is 0).
struct QuantParams {
  float scale = 0;
  int32_t zero_point = 0;
};
QuantParams per_tensor_int8(const OpRef& ref, const ir::Tensor& t, const char* role);
// The same for int16 (TFLite's 16x8 scheme): zero point 0 (Unsupported otherwise).
QuantParams per_tensor_int16(const OpRef& ref, const ir::Tensor& t, const char* role);

// Filter scales of a symmetric int8 weight tensor, one per channel along `axis` (size
// `channels`), or a single per-tensor scale. Non-zero zero points are Unsupported.
std::vector<float> symmetric_filter_scales(const OpRef& ref, const ir::Tensor& filter,
                                           int32_t axis, int32_t channels);

// Values of a constant int32/int64 operand (axes, paddings, permutations, slice indices).
// Unsupported when it is not constant, Model when its data does not match its shape.
std::vector<int64_t> const_ints(const OpRef& ref, const ir::Tensor& t, const char* role);

std::string shape_str(const std::vector<int32_t>& shape);

// A lowered op reading the op's first input and writing its first output (the other inputs,
// if any, were folded into params at build time).
LoweredOp single_io(const ir::Operator& op, uint32_t opcode = 0,
                    std::vector<int32_t> params = {});

}  // namespace mlonmcu::ops::check
