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

// The first seven are the types the kernels compute with (the runtime's mlonmcu_dtype_t has
// the same order). The others are read so that every file TFLite-Micro loads also loads here;
// an op that uses one of them is Unsupported at LOAD, naming the dtype.
enum class DType {
  Float32, Int8, UInt8, Int16, Int32, Int64, Bool,
  Float16, BFloat16, Float64, UInt16, UInt32, UInt64, Complex64, Complex128, Resource, Int4,
};

const char* dtype_name(DType dtype);
size_t dtype_size(DType dtype);  // bytes per element as TFLite-Micro counts them (INT4: 1)
// One of the dtypes the kernels and runtimes compute with (Float32 ... Bool).
inline bool is_compute_dtype(DType dtype) { return dtype <= DType::Bool; }

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
  bool is_variable = false;   // state kept across inferences (SVDF, LSTM); never has `data`
  bool is_const() const { return !data.empty(); }
  int64_t num_elements() const;
  int64_t num_bytes() const { return num_elements() * static_cast<int64_t>(dtype_size(dtype)); }
};

enum class OpType {
#define MLONMCU_OP_TYPE(type, name) type,
#include "ir/op_types.def"
#undef MLONMCU_OP_TYPE
  Unknown,  // an op the frontend read but MLonMCU does not know; Operator::type_name says which
};

const char* op_type_name(OpType type);  // TFLite spelling, e.g. "CONV_2D" (ir/op_types.def)

enum class Activation { None, Relu, ReluN1To1, Relu6, Tanh, SignBit };
enum class Padding { Same, Valid };

const char* activation_name(Activation act);

struct NoOptions {};
struct ElementwiseOptions {  // ADD, SUB, MUL; DIV, L2_NORMALIZATION (activation only)
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
struct ReducerOptions { bool keep_dims = false; };  // MEAN, SUM, REDUCE_MAX, REDUCE_MIN
struct StridedSliceOptions {
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
};

struct SplitOptions { int32_t num_splits = 0; };  // SPLIT, SPLIT_V
struct PackOptions {                              // PACK (count = values_count), UNPACK (num)
  int32_t count = 0;
  int32_t axis = 0;
};
struct GatherOptions {
  int32_t axis = 0;
  int32_t batch_dims = 0;
};
struct LeakyReluOptions { float alpha = 0.0f; };
struct MirrorPadOptions { bool symmetric = false; };  // false: REFLECT
struct ResizeOptions {  // RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR
  bool align_corners = false;
  bool half_pixel_centers = false;
};
struct BlockOptions { int32_t block_size = 0; };  // DEPTH_TO_SPACE, SPACE_TO_DEPTH
struct CumsumOptions {
  bool exclusive = false;
  bool reverse = false;
};
struct BatchMatMulOptions {
  bool adj_x = false;
  bool adj_y = false;
  bool asymmetric_quantize_inputs = false;
};
struct TransposeConvOptions {
  Padding padding = Padding::Same;
  int32_t stride_w = 1, stride_h = 1;
  Activation activation = Activation::None;
};
struct SvdfOptions {
  int32_t rank = 0;
  Activation activation = Activation::None;
  bool asymmetric_quantize_inputs = false;
};
struct LstmOptions {  // UNIDIRECTIONAL_SEQUENCE_LSTM
  Activation activation = Activation::None;
  float cell_clip = 0.0f, proj_clip = 0.0f;  // 0: no clipping
  bool time_major = false;
  bool asymmetric_quantize_inputs = false;
  bool diagonal_recurrent_tensors = false;
};
// IF (then, else), WHILE (cond, body), CALL_ONCE (init): indices into Model::subgraphs.
struct SubgraphOptions { std::vector<int32_t> subgraphs; };
struct VarHandleOptions {
  std::string container;
  std::string shared_name;
};
// The custom options of TFLite_Detection_PostProcess (a FlexBuffer map in the file).
struct DetectionPostprocessOptions {
  int32_t max_detections = 0;
  int32_t max_classes_per_detection = 1;
  int32_t detections_per_class = 100;
  bool use_regular_nms = false;
  float nms_score_threshold = 0.0f;
  float nms_iou_threshold = 0.0f;
  int32_t num_classes = 0;
  float y_scale = 0.0f, x_scale = 0.0f, h_scale = 0.0f, w_scale = 0.0f;
};

using Options = std::variant<NoOptions, ElementwiseOptions, Conv2DOptions, DepthwiseConv2DOptions,
                             FullyConnectedOptions, Pool2DOptions, SoftmaxOptions,
                             ConcatenationOptions, ReshapeOptions, SqueezeOptions, ReducerOptions,
                             StridedSliceOptions, SplitOptions, PackOptions, GatherOptions,
                             LeakyReluOptions, MirrorPadOptions, ResizeOptions, BlockOptions,
                             CumsumOptions, BatchMatMulOptions, TransposeConvOptions, SvdfOptions,
                             LstmOptions, SubgraphOptions, VarHandleOptions,
                             DetectionPostprocessOptions>;

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

// One of a model's subgraphs (TFLite's: IF, WHILE and CALL_ONCE call them by index). A graph
// with several keeps them flat: subgraph k's ops are ops[first_op, first_op + num_ops) and its
// tensors are tensors no other subgraph names. subgraphs[0] is the main graph, whose ops come
// first and whose inputs/outputs are the graph's.
struct Subgraph {
  std::string name;
  int32_t first_op = 0;
  int32_t num_ops = 0;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
};

struct Graph {
  std::string name;
  std::vector<Tensor> tensors;
  std::vector<Operator> ops;  // in execution order (the main graph's, then the other subgraphs')
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  std::vector<Subgraph> subgraphs;  // empty: one subgraph, all of ops
  // The ops an inference runs in order: all of them, or the main subgraph's.
  int32_t num_main_ops() const {
    return subgraphs.empty() ? static_cast<int32_t>(ops.size()) : subgraphs[0].num_ops;
  }
};

}  // namespace mlonmcu::ir
