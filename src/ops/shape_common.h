// Helpers shared by the lowering of the data-movement, reduction and nonlinear ops (softmax,
// logistic, tanh, reshape, squeeze, concatenation, pad, mean, strided slice, transpose):
// operand access that turns malformed graphs into Error(Model), checks that turn unsupported
// variants into Error(Unsupported), reading constant index operands, and the TFLite-Micro
// Prepare arithmetic those ops share.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ir/graph.h"
#include "ops/lower.h"

namespace mlonmcu::ops::shape {

struct OpRef {
  const ir::Graph& graph;
  const ir::Operator& op;
  const std::string& backend;
};

// Throws Error(Model) "<OP> (output '<name>'): <what>".
[[noreturn]] void malformed(const OpRef& ref, const std::string& what);

// Inputs: between min_in and max_in (trailing ones may be absent), exactly n_out outputs.
void expect_arity(const OpRef& ref, size_t min_in, size_t max_in, size_t n_out);
const ir::Tensor& input(const OpRef& ref, size_t i);
const ir::Tensor& output(const OpRef& ref, size_t i = 0);
bool has_input(const ir::Operator& op, size_t i);

template <typename T>
const T& options(const OpRef& ref) {
  static const T defaults{};
  if (std::holds_alternative<ir::NoOptions>(ref.op.options)) return defaults;
  if (const T* o = std::get_if<T>(&ref.op.options)) return *o;
  malformed(ref, "options of the wrong kind");
}

// Unsupported unless t has one of the dtypes.
void expect_dtype(const OpRef& ref, const ir::Tensor& t, std::initializer_list<ir::DType> allowed,
                  const char* role);
void expect_same_dtype(const OpRef& ref, const ir::Tensor& a, const ir::Tensor& b);
void expect_max_rank(const OpRef& ref, const ir::Tensor& t, size_t max_rank, const char* role);

// Per-tensor quantization: scale > 0 and finite, zero point in [-128, 127] for int8.
struct Quant {
  float scale = 0;
  int32_t zero_point = 0;
};
Quant per_tensor_quant(const OpRef& ref, const ir::Tensor& t, const char* role);

// Values of a constant int32/int64 operand (axes, paddings, permutations, slice indices).
// Unsupported when it is not constant, Model when its data does not match its shape.
std::vector<int64_t> const_ints(const OpRef& ref, const ir::Tensor& t, const char* role);

std::string shape_str(const std::vector<int32_t>& shape);
int64_t elements(const std::vector<int32_t>& shape);

// TFLite's QuantizeMultiplier as the default (double rounding) build has it: like
// ops::quantize_multiplier but without the single-rounding clamp of shifts above 30.
struct TflmMultiplier {
  int32_t multiplier = 0;
  int32_t shift = 0;
};
TflmMultiplier tflm_quantize_multiplier(double real_multiplier);

// TFLite's CalculateInputRadius(integer_bits, left_shift, 31), for left_shift in [0, 62].
int32_t input_radius(int32_t integer_bits, int32_t left_shift);

}  // namespace mlonmcu::ops::shape
