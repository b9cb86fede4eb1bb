#include "backends/tflmi/tflm_sources.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"

namespace mlonmcu::backends::tflm {

namespace {

using ir::OpType;

// What the interpreter needs (and nothing of TFLM's tests, profiler, hexdump or recording
// allocator); kernel helpers every kernel uses are here too. Paths relative to the root.
const std::vector<const char*>& core_sources() {
  static const std::vector<const char*> files = {
      "tensorflow/compiler/mlir/lite/core/api/error_reporter.cc",
      "tensorflow/compiler/mlir/lite/schema/schema_utils.cc",
      "tensorflow/lite/core/api/flatbuffer_conversions.cc",
      "tensorflow/lite/core/api/tensor_utils.cc",
      "tensorflow/lite/core/c/common.cc",
      "tensorflow/lite/kernels/internal/common.cc",
      "tensorflow/lite/kernels/internal/portable_tensor_utils.cc",
      "tensorflow/lite/kernels/internal/quantization_util.cc",
      "tensorflow/lite/kernels/internal/runtime_shape.cc",
      "tensorflow/lite/kernels/internal/tensor_ctypes.cc",
      "tensorflow/lite/kernels/kernel_util.cc",
      "tensorflow/lite/micro/arena_allocator/non_persistent_arena_buffer_allocator.cc",
      "tensorflow/lite/micro/arena_allocator/persistent_arena_buffer_allocator.cc",
      "tensorflow/lite/micro/arena_allocator/single_arena_buffer_allocator.cc",
      "tensorflow/lite/micro/debug_log.cc",
      "tensorflow/lite/micro/flatbuffer_utils.cc",
      "tensorflow/lite/micro/kernels/kernel_util.cc",
      "tensorflow/lite/micro/memory_helpers.cc",
      "tensorflow/lite/micro/memory_planner/greedy_memory_planner.cc",
      "tensorflow/lite/micro/memory_planner/linear_memory_planner.cc",
      "tensorflow/lite/micro/memory_planner/non_persistent_buffer_planner_shim.cc",
      "tensorflow/lite/micro/micro_allocation_info.cc",
      "tensorflow/lite/micro/micro_allocator.cc",
      "tensorflow/lite/micro/micro_context.cc",
      "tensorflow/lite/micro/micro_interpreter.cc",
      "tensorflow/lite/micro/micro_interpreter_context.cc",
      "tensorflow/lite/micro/micro_interpreter_graph.cc",
      "tensorflow/lite/micro/micro_log.cc",
      "tensorflow/lite/micro/micro_op_resolver.cc",
      "tensorflow/lite/micro/micro_resource_variable.cc",
      "tensorflow/lite/micro/micro_utils.cc",
      "tensorflow/lite/micro/tflite_bridge/flatbuffer_conversions_bridge.cc",
      "tensorflow/lite/micro/tflite_bridge/micro_error_reporter.cc",
  };
  return files;
}

}  // namespace

const std::vector<OpKernel>& kernels() {
  // One row per op MLonMCU's frontend knows; TFLM's files for it, and its CMSIS-NN variant.
  static const std::vector<OpKernel> table = {
      {OpType::Add, "AddAdd", "Register_ADD", "add", {"add.cc", "add_common.cc"}, {"cmsis_nn/add.cc", "add_common.cc"}},
      {OpType::Sub, "AddSub", "Register_SUB", "sub", {"sub.cc", "sub_common.cc"}, {}},
      {OpType::Mul, "AddMul", "Register_MUL", "mul", {"mul.cc", "mul_common.cc"}, {"cmsis_nn/mul.cc", "mul_common.cc"}},
      {OpType::Conv2D, "AddConv2D", "Register_CONV_2D", "conv", {"conv.cc", "conv_common.cc"},
       {"cmsis_nn/conv.cc", "conv_common.cc"}},
      {OpType::DepthwiseConv2D, "AddDepthwiseConv2D", "Register_DEPTHWISE_CONV_2D", "depthwise_conv",
       {"depthwise_conv.cc", "depthwise_conv_common.cc"}, {"cmsis_nn/depthwise_conv.cc", "depthwise_conv_common.cc"}},
      {OpType::FullyConnected, "AddFullyConnected", "Register_FULLY_CONNECTED", "fully_connected",
       {"fully_connected.cc", "fully_connected_common.cc"},
       {"cmsis_nn/fully_connected.cc", "fully_connected_common.cc"}},
      {OpType::AveragePool2D, "AddAveragePool2D", "Register_AVERAGE_POOL_2D", "pooling",
       {"pooling.cc", "pooling_common.cc"}, {"cmsis_nn/pooling.cc", "pooling_common.cc"}},
      {OpType::MaxPool2D, "AddMaxPool2D", "Register_MAX_POOL_2D", "pooling", {"pooling.cc", "pooling_common.cc"},
       {"cmsis_nn/pooling.cc", "pooling_common.cc"}},
      {OpType::Softmax, "AddSoftmax", "Register_SOFTMAX", "softmax", {"softmax.cc", "softmax_common.cc"},
       {"cmsis_nn/softmax.cc", "softmax_common.cc"}},
      {OpType::Logistic, "AddLogistic", "Register_LOGISTIC", "logistic", {"logistic.cc", "logistic_common.cc"}, {}},
      {OpType::Tanh, "AddTanh", "Register_TANH", "tanh", {"tanh.cc"}, {}},
      {OpType::Relu, "AddRelu", "Register_RELU", "activations", {"activations.cc", "activations_common.cc"}, {}},
      {OpType::Relu6, "AddRelu6", "Register_RELU6", "activations", {"activations.cc", "activations_common.cc"}, {}},
      {OpType::Reshape, "AddReshape", "Register_RESHAPE", "reshape", {"reshape.cc", "reshape_common.cc"}, {}},
      {OpType::Squeeze, "AddSqueeze", "Register_SQUEEZE", "squeeze", {"squeeze.cc"}, {}},
      {OpType::Concatenation, "AddConcatenation", "Register_CONCATENATION", "concatenation", {"concatenation.cc"}, {}},
      {OpType::Pad, "AddPad", "Register_PAD", "pad", {"pad.cc", "pad_common.cc"}, {"cmsis_nn/pad.cc", "pad_common.cc"}},
      {OpType::Mean, "AddMean", "Register_MEAN", "reduce", {"reduce.cc", "reduce_common.cc"}, {}},
      {OpType::Sum, "AddSum", "Register_SUM", "reduce", {"reduce.cc", "reduce_common.cc"}, {}},
      {OpType::ReduceMax, "AddReduceMax", "Register_REDUCE_MAX", "reduce", {"reduce.cc", "reduce_common.cc"}, {}},
      {OpType::ReduceMin, "AddReduceMin", "Register_REDUCE_MIN", "reduce", {"reduce.cc", "reduce_common.cc"}, {}},
      {OpType::ArgMax, "AddArgMax", "Register_ARG_MAX", "arg_min_max", {"arg_min_max.cc"}, {}},
      {OpType::ArgMin, "AddArgMin", "Register_ARG_MIN", "arg_min_max", {"arg_min_max.cc"}, {}},
      {OpType::Cumsum, "AddCumSum", "Register_CUMSUM", "cumsum", {"cumsum.cc"}, {}},
      {OpType::ResizeNearestNeighbor, "AddResizeNearestNeighbor", "", "resize_nearest_neighbor",
       {"resize_nearest_neighbor.cc"}, {}},
      {OpType::ResizeBilinear, "AddResizeBilinear", "Register_RESIZE_BILINEAR", "resize_bilinear",
       {"resize_bilinear.cc"}, {}},
      {OpType::Quantize, "AddQuantize", "Register_QUANTIZE", "quantize", {"quantize.cc", "quantize_common.cc"}, {}},
      {OpType::Dequantize, "AddDequantize", "Register_DEQUANTIZE", "dequantize",
       {"dequantize.cc", "dequantize_common.cc"}, {}},
      {OpType::StridedSlice, "AddStridedSlice", "Register_STRIDED_SLICE", "strided_slice",
       {"strided_slice.cc", "strided_slice_common.cc"}, {}},
      {OpType::Transpose, "AddTranspose", "Register_TRANSPOSE", "transpose", {"transpose.cc", "transpose_common.cc"},
       {"cmsis_nn/transpose.cc", "transpose_common.cc"}},
      // Data movement.
      {OpType::Split, "AddSplit", "Register_SPLIT", "split", {"split.cc"}, {}},
      {OpType::SplitV, "AddSplitV", "Register_SPLIT_V", "split_v", {"split_v.cc"}, {}},
      {OpType::Pack, "AddPack", "Register_PACK", "pack", {"pack.cc"}, {}},
      {OpType::Unpack, "AddUnpack", "Register_UNPACK", "unpack", {"unpack.cc"}, {}},
      {OpType::PadV2, "AddPadV2", "Register_PADV2", "pad", {"pad.cc", "pad_common.cc"}, {"cmsis_nn/pad.cc", "pad_common.cc"}},
      {OpType::ExpandDims, "AddExpandDims", "Register_EXPAND_DIMS", "expand_dims", {"expand_dims.cc"}, {}},
      {OpType::Shape, "AddShape", "Register_SHAPE", "shape", {"shape.cc"}, {}},
      {OpType::BroadcastArgs, "AddBroadcastArgs", "Register_BROADCAST_ARGS", "broadcast_args", {"broadcast_args.cc"}, {}},
      {OpType::BroadcastTo, "AddBroadcastTo", "Register_BROADCAST_TO", "broadcast_to", {"broadcast_to.cc"}, {}},
      {OpType::Fill, "AddFill", "Register_FILL", "fill", {"fill.cc"}, {}},
      {OpType::ZerosLike, "AddZerosLike", "Register_ZEROS_LIKE", "zeros_like", {"zeros_like.cc"}, {}},
      {OpType::Slice, "AddSlice", "Register_SLICE", "slice", {"slice.cc"}, {}},
      {OpType::MirrorPad, "AddMirrorPad", "Register_MIRROR_PAD", "mirror_pad", {"mirror_pad.cc"}, {}},
      {OpType::ReverseV2, "AddReverseV2", "Register_REVERSE_V2", "reverse", {"reverse.cc"}, {}},
      {OpType::DepthToSpace, "AddDepthToSpace", "Register_DEPTH_TO_SPACE", "depth_to_space", {"depth_to_space.cc"}, {}},
      {OpType::SpaceToDepth, "AddSpaceToDepth", "Register_SPACE_TO_DEPTH", "space_to_depth", {"space_to_depth.cc"}, {}},
      {OpType::SpaceToBatchNd, "AddSpaceToBatchNd", "Register_SPACE_TO_BATCH_ND", "space_to_batch_nd", {"space_to_batch_nd.cc"}, {}},
      {OpType::BatchToSpaceNd, "AddBatchToSpaceNd", "Register_BATCH_TO_SPACE_ND", "batch_to_space_nd", {"batch_to_space_nd.cc"}, {}},
      {OpType::Gather, "AddGather", "Register_GATHER", "gather", {"gather.cc"}, {}},
      {OpType::GatherNd, "AddGatherNd", "Register_GATHER_ND", "gather_nd", {"gather_nd.cc"}, {}},
      {OpType::EmbeddingLookup, "AddEmbeddingLookup", "Register_EMBEDDING_LOOKUP", "embedding_lookup", {"embedding_lookup.cc"}, {}},
      // Elementwise of one input.
      {OpType::Abs, "AddAbs", "Register_ABS", "elementwise", {"elementwise.cc"}, {}},
      {OpType::Sin, "AddSin", "Register_SIN", "elementwise", {"elementwise.cc"}, {}},
      {OpType::Cos, "AddCos", "Register_COS", "elementwise", {"elementwise.cc"}, {}},
      {OpType::Log, "AddLog", "Register_LOG", "elementwise", {"elementwise.cc"}, {}},
      {OpType::Sqrt, "AddSqrt", "Register_SQRT", "elementwise", {"elementwise.cc"}, {}},
      {OpType::Rsqrt, "AddRsqrt", "Register_RSQRT", "elementwise", {"elementwise.cc"}, {}},
      {OpType::Square, "AddSquare", "Register_SQUARE", "elementwise", {"elementwise.cc"}, {}},
      {OpType::LogicalNot, "AddLogicalNot", "Register_LOGICAL_NOT", "elementwise", {"elementwise.cc"}, {}},
      {OpType::Ceil, "AddCeil", "Register_CEIL", "ceil", {"ceil.cc"}, {}},
      {OpType::Floor, "AddFloor", "Register_FLOOR", "floor", {"floor.cc"}, {}},
      {OpType::Round, "AddRound", "Register_ROUND", "round", {"round.cc"}, {}},
      {OpType::Exp, "AddExp", "Register_EXP", "exp", {"exp.cc"}, {}},
      {OpType::Neg, "AddNeg", "Register_NEG", "neg", {"neg.cc"}, {}},
      {OpType::Cast, "AddCast", "Register_CAST", "cast", {"cast.cc"}, {}},
      {OpType::Elu, "AddElu", "Register_ELU", "elu", {"elu.cc"}, {}},
      {OpType::HardSwish, "AddHardSwish", "Register_HARD_SWISH", "hard_swish", {"hard_swish.cc", "hard_swish_common.cc"}, {}},
      {OpType::LeakyRelu, "AddLeakyRelu", "Register_LEAKY_RELU", "leaky_relu", {"leaky_relu.cc", "leaky_relu_common.cc"}, {}},
      {OpType::L2Normalization, "AddL2Normalization", "Register_L2_NORMALIZATION", "l2norm", {"l2norm.cc"}, {}},
      {OpType::LogSoftmax, "AddLogSoftmax", "Register_LOG_SOFTMAX", "log_softmax", {"log_softmax.cc"}, {}},
      // Elementwise of two inputs.
      {OpType::Maximum, "AddMaximum", "Register_MAXIMUM", "maximum_minimum", {"maximum_minimum.cc"}, {}},
      {OpType::Minimum, "AddMinimum", "Register_MINIMUM", "maximum_minimum", {"maximum_minimum.cc"}, {}},
      {OpType::Equal, "AddEqual", "Register_EQUAL", "comparisons", {"comparisons.cc"}, {}},
      {OpType::NotEqual, "AddNotEqual", "Register_NOT_EQUAL", "comparisons", {"comparisons.cc"}, {}},
      {OpType::Greater, "AddGreater", "Register_GREATER", "comparisons", {"comparisons.cc"}, {}},
      {OpType::GreaterEqual, "AddGreaterEqual", "Register_GREATER_EQUAL", "comparisons", {"comparisons.cc"}, {}},
      {OpType::Less, "AddLess", "Register_LESS", "comparisons", {"comparisons.cc"}, {}},
      {OpType::LessEqual, "AddLessEqual", "Register_LESS_EQUAL", "comparisons", {"comparisons.cc"}, {}},
      {OpType::LogicalAnd, "AddLogicalAnd", "Register_LOGICAL_AND", "logical", {"logical.cc", "logical_common.cc"}, {}},
      {OpType::LogicalOr, "AddLogicalOr", "Register_LOGICAL_OR", "logical", {"logical.cc", "logical_common.cc"}, {}},
      {OpType::Div, "AddDiv", "Register_DIV", "div", {"div.cc"}, {}},
      {OpType::SquaredDifference, "AddSquaredDifference", "Register_SQUARED_DIFFERENCE", "squared_difference",
       {"squared_difference.cc"}, {}},
      {OpType::FloorDiv, "AddFloorDiv", "Register_FLOOR_DIV", "floor_div", {"floor_div.cc"}, {}},
      {OpType::FloorMod, "AddFloorMod", "Register_FLOOR_MOD", "floor_mod", {"floor_mod.cc"}, {}},
      {OpType::SelectV2, "AddSelectV2", "Register_SELECT_V2", "select", {"select.cc"}, {}},
      {OpType::Prelu, "AddPrelu", "Register_PRELU", "prelu", {"prelu.cc", "prelu_common.cc"}, {}},
      {OpType::AddN, "AddAddN", "Register_ADD_N", "add_n", {"add_n.cc"}, {}},
      {OpType::L2Pool2D, "AddL2Pool2D", "Register_L2_POOL_2D", "l2_pool_2d", {"l2_pool_2d.cc"}, {}},
      {OpType::BatchMatMul, "AddBatchMatMul", "Register_BATCH_MATMUL", "batch_matmul",
       {"batch_matmul.cc", "batch_matmul_common.cc"}, {}},
      {OpType::TransposeConv, "AddTransposeConv", "Register_TRANSPOSE_CONV", "transpose_conv", {"transpose_conv.cc"}, {}},
      {OpType::Svdf, "AddSvdf", "Register_SVDF", "svdf", {"svdf.cc", "svdf_common.cc"},
       {"cmsis_nn/svdf.cc", "svdf_common.cc"}},
      // Its Prepare derives integer FC parameters with fully_connected_common.cc (float too).
      {OpType::UnidirectionalSequenceLstm, "AddUnidirectionalSequenceLSTM", "Register_UNIDIRECTIONAL_SEQUENCE_LSTM",
       "unidirectional_sequence_lstm",
       {"unidirectional_sequence_lstm.cc", "lstm_eval.cc", "lstm_eval_common.cc", "fully_connected_common.cc"}, {}},
      {OpType::DetectionPostprocess, "AddDetectionPostprocess", "", "detection_postprocess",
       {"detection_postprocess.cc"}, {}},
      // Control flow: TFLM's own registrations, so the per-layer markers (around each op of the
      // subgraphs they run) never nest.
      {OpType::If, "AddIf", "", "if", {"if.cc"}, {}},
      {OpType::While, "AddWhile", "", "while", {"while.cc"}, {}},
      {OpType::CallOnce, "AddCallOnce", "", "call_once", {"call_once.cc"}, {}},
      {OpType::VarHandle, "AddVarHandle", "Register_VAR_HANDLE", "var_handle", {"var_handle.cc"}, {}},
      {OpType::ReadVariable, "AddReadVariable", "Register_READ_VARIABLE", "read_variable", {"read_variable.cc"}, {}},
      {OpType::AssignVariable, "AddAssignVariable", "Register_ASSIGN_VARIABLE", "assign_variable",
       {"assign_variable.cc"}, {}},
  };
  return table;
}

const OpKernel* find_kernel(ir::OpType op) {
  for (const OpKernel& k : kernels())
    if (k.op == op) return &k;
  return nullptr;
}

std::string resolver_header(const std::vector<const OpKernel*>& kernels) {
  std::string src = "/* Generated by MLonMCU (tflmi backend). Do not edit. */\n";
  src += fmt::format("#define MLONMCU_TFLM_NUM_OPS {}\n\n", kernels.size());
  src += fmt::format("static inline bool mlonmcu_tflm_add_ops(tflite::MicroMutableOpResolver<{}>& r) {{\n",
                     kernels.size());
  src += "  return true";
  for (size_t i = 0; i < kernels.size(); ++i) {
    // A few resolver methods take no registration (TFLM adds its own; not profiled per layer).
    if (*kernels[i]->registration == '\0')
      src += fmt::format(" &&\n         r.{}() == kTfLiteOk", kernels[i]->resolver_call);
    else
      src += fmt::format(" &&\n         r.{}(MLONMCU_TFLM_REGISTRATION({}, tflite::{}())) == kTfLiteOk",
                         kernels[i]->resolver_call, i, kernels[i]->registration);
  }
  src += ";\n}\n";
  return src;
}

std::vector<std::string> tflm_defines(bool cmsis_nn) {
  std::vector<std::string> defines = {"TF_LITE_STATIC_MEMORY", "TF_LITE_DISABLE_X86_NEON", "NDEBUG",
                                      "TF_LITE_STRIP_ERROR_STRINGS"};
  // TFLM's Makefile defaults: OPTIMIZED_KERNEL_DIR=cmsis_nn defines CMSIS_NN, and
  // OPTIMIZE_KERNELS_FOR=KERNELS_OPTIMIZED_FOR_SPEED makes CMSIS-NN's fully connected kernel
  // precompute its kernel sums at Prepare (with Helium: toycar 0.31 M -> 0.15 M instructions).
  if (cmsis_nn)
    defines.insert(defines.end(),
                   {"CMSIS_NN", "KERNELS_OPTIMIZED_FOR_SPEED", "ARM_NN_ENABLE_F16=0", "ARM_NN_ENABLE_F32=0"});
  return defines;
}

namespace {

std::vector<fs::path> include_dirs(const Checkout& c, bool cmsis_nn) {
  std::vector<fs::path> dirs = {c.root, c.downloads() / "flatbuffers" / "include", c.downloads() / "gemmlowp",
                                c.downloads() / "ruy"};
  if (cmsis_nn) {
    // TFLM's kernels include "Include/arm_nnfunctions.h"; CMSIS-NN's sources "arm_nnfunctions.h".
    dirs.insert(dirs.end(), {c.cmsis_nn(), c.cmsis_nn() / "Include", c.cmsis() / "CMSIS" / "Core" / "Include"});
  }
  return dirs;
}

}  // namespace

targets::Library core_library(const Checkout& checkout) {
  // Feature-independent: the core includes no kernel header, so one build serves both kernel sets.
  targets::Library lib{"tflm_core", targets::Language::Cxx, {}, include_dirs(checkout, false), tflm_defines(false)};
  for (const char* file : core_sources()) lib.sources.push_back(checkout.root / file);
  return lib;
}

targets::Library kernel_library(const Checkout& checkout, const OpKernel& kernel, bool cmsis_nn) {
  const bool variant = cmsis_nn && !kernel.cmsis_nn.empty();
  targets::Library lib{std::string("tflm_") + kernel.library + (variant ? "_cmsis_nn" : ""), targets::Language::Cxx,
                       {}, include_dirs(checkout, variant), tflm_defines(variant)};
  const fs::path dir = checkout.root / "tensorflow" / "lite" / "micro" / "kernels";
  for (const char* file : variant ? kernel.cmsis_nn : kernel.reference) lib.sources.push_back(dir / file);
  return lib;
}

targets::Library cmsis_nn_library(const Checkout& checkout) {
  // TFLM's own rule (ext_libs/cmsis_nn.inc): every C source of CMSIS-NN but the float ones.
  targets::Library lib{"cmsis_nn", targets::Language::C, {}, include_dirs(checkout, true), tflm_defines(true)};
  const fs::path source = checkout.cmsis_nn() / "Source";
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(source, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const auto ends_with = [&](const std::string& suffix) {
      return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (it->is_regular_file(ec) && ends_with(".c") && !ends_with("_f16.c") && !ends_with("_f32.c") &&
        name != "arm_nntables_flt.c")
      lib.sources.push_back(it->path());
  }
  if (ec || lib.sources.empty())
    throw Error(ErrorKind::Toolchain, "tflmi: no CMSIS-NN sources under " + source.string());
  std::sort(lib.sources.begin(), lib.sources.end());  // directory order is not stable
  return lib;
}

}  // namespace mlonmcu::backends::tflm
