// The graph IR every frontend produces and every backend consumes: tensors with their
// quantization and (for constants) data, operators with typed options, graph inputs/outputs.
// Plain data: no behaviour beyond small queries, so frontends, the model builder, backends
// and tests can construct and inspect it freely.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace mlonmcu::ir {

enum class DType { Float32, Int8, UInt8, Int16, Int32, Int64, Bool };

const char* dtype_name(DType dtype);
size_t dtype_size(DType dtype);

// Per-tensor quantization has one scale/zero point; per-channel has one per slice along
// `axis` (TFLite's quantized_dimension).
struct Quantization {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int32_t axis = 0;
  bool empty() const { return scale.empty(); }
  bool per_channel() const { return scale.size() > 1; }
};

struct Tensor {
  std::string name;
  DType dtype = DType::Float32;
  std::vector<int32_t> shape;
  Quantization quant;
  std::vector<uint8_t> data;  // non-empty: a constant (weights, bias, shape operands)
  bool is_const() const { return !data.empty(); }
  int64_t num_elements() const;
  int64_t num_bytes() const { return num_elements() * static_cast<int64_t>(dtype_size(dtype)); }
};

enum class OpType {
  Add, Sub, Mul, Conv2D, DepthwiseConv2D, FullyConnected, AveragePool2D, MaxPool2D, Softmax,
  Logistic, Tanh, Relu, Relu6, Reshape, Squeeze, Concatenation, Pad, Mean, Quantize, Dequantize,
  StridedSlice, Transpose,
  Unknown,  // an op the frontend read but MLonMCU does not know; Operator::type_name says which
};

const char* op_type_name(OpType type);  // TFLite spelling, e.g. "CONV_2D"

enum class Activation { None, Relu, ReluN1To1, Relu6, Tanh, SignBit };
enum class Padding { Same, Valid };

const char* activation_name(Activation act);

struct NoOptions {};
struct ElementwiseOptions {  // ADD, SUB, MUL
  Activation activation = Activation::None;
  bool pot_scale_int16 = true;  // ADD/SUB int16 only
};
struct Conv2DOptions {
  Padding padding = Padding::Same;
  int32_t stride_w = 1, stride_h = 1;
  int32_t dilation_w = 1, dilation_h = 1;
  Activation activation = Activation::None;
};
struct DepthwiseConv2DOptions {
  Padding padding = Padding::Same;
  int32_t stride_w = 1, stride_h = 1;
  int32_t dilation_w = 1, dilation_h = 1;
  int32_t depth_multiplier = 1;
  Activation activation = Activation::None;
};
struct FullyConnectedOptions {
  Activation activation = Activation::None;
  int32_t weights_format = 0;  // 0 = DEFAULT; anything else (shuffled) is unsupported
  bool keep_num_dims = false;
  bool asymmetric_quantize_inputs = false;
};
struct Pool2DOptions {
  Padding padding = Padding::Same;
  int32_t stride_w = 1, stride_h = 1;
  int32_t filter_w = 1, filter_h = 1;
  Activation activation = Activation::None;
};
struct SoftmaxOptions { float beta = 1.0f; };
struct ConcatenationOptions {
  int32_t axis = 0;
  Activation activation = Activation::None;
};
struct ReshapeOptions { std::vector<int32_t> new_shape; };
struct SqueezeOptions { std::vector<int32_t> squeeze_dims; };
struct ReducerOptions { bool keep_dims = false; };  // MEAN
struct StridedSliceOptions {
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
};

using Options = std::variant<NoOptions, ElementwiseOptions, Conv2DOptions, DepthwiseConv2DOptions,
                             FullyConnectedOptions, Pool2DOptions, SoftmaxOptions,
                             ConcatenationOptions, ReshapeOptions, SqueezeOptions, ReducerOptions,
                             StridedSliceOptions>;

// How an int8 op maps its int32 accumulator (or float input) to the output's quantization.
// FixedPoint: TFLite's integer multiplier and shift (rounding as TFLite-Micro's reference
// kernels). FloatHalfEven: ONNX's QLinear* / QuantizeLinear definition, a float scale and
// round half to even, as onnxruntime computes it.
enum class Requantization { FixedPoint, FloatHalfEven };

struct Operator {
  OpType type = OpType::Unknown;
  std::string type_name;       // as in the model file ("CONV_2D", or a custom op's code)
  std::vector<int32_t> inputs;  // tensor indices; -1 = optional input not given
  std::vector<int32_t> outputs;
  Options options;
  Requantization requant = Requantization::FixedPoint;
};

struct Graph {
  std::string name;
  std::vector<Tensor> tensors;
  std::vector<Operator> ops;  // in execution order
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
};

}  // namespace mlonmcu::ir
