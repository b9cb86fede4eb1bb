// IR -> .tflite. The output follows what TFLite's converter writes where it matters to readers:
// buffer 0 is the empty sentinel, each constant has its own 16-byte aligned buffer, operator
// codes carry both the old byte field and the new int32 field, schema version 3, "TFL3".
#include "modelbuilder/tflite_writer.h"

#include <flatbuffers/flexbuffers.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "common/error.h"
#include "frontends/tflite/tflite_mapping.h"
#include "modelbuilder/tflite_options_writer.h"
#include "tflite_schema_generated.h"

namespace mlonmcu::modelbuilder {

namespace {

namespace tf = mlonmcu::tflite_format;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

[[noreturn]] void bad_graph(const ir::Graph& graph, const std::string& problem) {
  throw Error(ErrorKind::Model, "cannot write graph '" + graph.name + "' as TFLite: " + problem);
}

void check_graph(const ir::Graph& graph) {
  const auto count = static_cast<int32_t>(graph.tensors.size());
  for (size_t i = 0; i < graph.tensors.size(); ++i) {
    const ir::Tensor& t = graph.tensors[i];
    for (int32_t d : t.shape) {
      if (d < 0) bad_graph(graph, "tensor '" + t.name + "' has a negative dimension");
    }
    if (t.is_const() && static_cast<int64_t>(t.data.size()) != t.num_bytes()) {
      bad_graph(graph, "tensor '" + t.name + "' has " + std::to_string(t.data.size()) +
                           " bytes of data, its shape needs " + std::to_string(t.num_bytes()));
    }
    if (t.quant.zero_point.size() != t.quant.scale.size()) {
      bad_graph(graph, "tensor '" + t.name + "' has mismatched scales and zero points");
    }
  }
  auto check_index = [&](int32_t index, bool optional, const std::string& where) {
    if ((optional && index == -1) || (index >= 0 && index < count)) return;
    bad_graph(graph, where + " refers to tensor " + std::to_string(index));
  };
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const std::string where = "operator " + std::to_string(i);
    for (int32_t in : graph.ops[i].inputs) check_index(in, true, where);
    for (int32_t out : graph.ops[i].outputs) check_index(out, false, where);
  }
  for (int32_t in : graph.inputs) check_index(in, false, "graph input");
  for (int32_t out : graph.outputs) check_index(out, false, "graph output");
  int32_t next_op = 0;  // subgraphs cover the ops in order, the main one first
  for (const ir::Subgraph& sub : graph.subgraphs) {
    if (sub.first_op != next_op || sub.num_ops < 0) bad_graph(graph, "subgraph '" + sub.name + "' has a bad op range");
    next_op += sub.num_ops;
    for (int32_t t : sub.inputs) check_index(t, false, "subgraph input");
    for (int32_t t : sub.outputs) check_index(t, false, "subgraph output");
  }
  if (!graph.subgraphs.empty() && next_op != static_cast<int32_t>(graph.ops.size()))
    bad_graph(graph, "the subgraphs do not cover every operator");
}

// A custom op's options as the FlexBuffer map TFLite writes (empty: none).
std::vector<uint8_t> custom_options(const ir::Operator& op) {
  const auto* o = std::get_if<ir::DetectionPostprocessOptions>(&op.options);
  if (o == nullptr) return {};
  flexbuffers::Builder fbx;
  fbx.Map([&] {
    fbx.Int("max_detections", o->max_detections);
    fbx.Int("max_classes_per_detection", o->max_classes_per_detection);
    fbx.Int("detections_per_class", o->detections_per_class);
    fbx.Bool("use_regular_nms", o->use_regular_nms);
    fbx.Float("nms_score_threshold", o->nms_score_threshold);
    fbx.Float("nms_iou_threshold", o->nms_iou_threshold);
    fbx.Int("num_classes", o->num_classes);
    fbx.Float("y_scale", o->y_scale);
    fbx.Float("x_scale", o->x_scale);
    fbx.Float("h_scale", o->h_scale);
    fbx.Float("w_scale", o->w_scale);
  });
  fbx.Finish();
  return fbx.GetBuffer();
}

// The builtin code and custom code an IR operator is written with.
std::pair<int32_t, std::string> opcode_of(const ir::Operator& op) {
  if (auto code = tf::builtin_from_op_type(op.type)) return {*code, ""};
  // Unknown ops keep their identity: a builtin the schema names stays that builtin (without
  // options); anything else becomes a custom op with its name as custom code.
  if (auto code = tf::builtin_from_name(op.type_name); code && *code != tf::kCustomBuiltinCode) {
    return {*code, ""};
  }
  return {tf::kCustomBuiltinCode, op.type_name.empty() ? std::string("UNKNOWN") : op.type_name};
}

OptionsOut elementwise_options(FlatBufferBuilder& fbb, ir::OpType type,
                               const ir::ElementwiseOptions& o) {
  using AF = tflite::ActivationFunctionType;
  const auto act = static_cast<AF>(tf::activation_to_tflite(o.activation));
  switch (type) {
    case ir::OpType::Add:
      return {tflite::BuiltinOptions::AddOptions,
              tflite::CreateAddOptions(fbb, act, o.pot_scale_int16).Union()};
    case ir::OpType::Sub:
      return {tflite::BuiltinOptions::SubOptions,
              tflite::CreateSubOptions(fbb, act, o.pot_scale_int16).Union()};
    default:
      return {tflite::BuiltinOptions::MulOptions, tflite::CreateMulOptions(fbb, act).Union()};
  }
}

OptionsOut write_options(FlatBufferBuilder& fbb, const ir::Operator& op) {
  using AF = tflite::ActivationFunctionType;
  using P = tflite::Padding;
  auto act = [](ir::Activation a) { return static_cast<AF>(tf::activation_to_tflite(a)); };
  auto pad = [](ir::Padding p) { return static_cast<P>(tf::padding_to_tflite(p)); };
  auto ints = [&](const std::vector<int32_t>& v) { return fbb.CreateVector(v); };

  if (auto* o = std::get_if<ir::ElementwiseOptions>(&op.options)) {
    return elementwise_options(fbb, op.type, *o);
  }
  if (auto* o = std::get_if<ir::Conv2DOptions>(&op.options)) {
    return {tflite::BuiltinOptions::Conv2DOptions,
            tflite::CreateConv2DOptions(fbb, pad(o->padding), o->stride_w, o->stride_h,
                                        act(o->activation), o->dilation_w, o->dilation_h)
                .Union()};
  }
  if (auto* o = std::get_if<ir::DepthwiseConv2DOptions>(&op.options)) {
    return {tflite::BuiltinOptions::DepthwiseConv2DOptions,
            tflite::CreateDepthwiseConv2DOptions(fbb, pad(o->padding), o->stride_w, o->stride_h,
                                                 o->depth_multiplier, act(o->activation),
                                                 o->dilation_w, o->dilation_h)
                .Union()};
  }
  if (auto* o = std::get_if<ir::FullyConnectedOptions>(&op.options)) {
    return {tflite::BuiltinOptions::FullyConnectedOptions,
            tflite::CreateFullyConnectedOptions(
                fbb, act(o->activation),
                static_cast<tflite::FullyConnectedOptionsWeightsFormat>(o->weights_format),
                o->keep_num_dims, o->asymmetric_quantize_inputs)
                .Union()};
  }
  if (auto* o = std::get_if<ir::Pool2DOptions>(&op.options)) {
    return {tflite::BuiltinOptions::Pool2DOptions,
            tflite::CreatePool2DOptions(fbb, pad(o->padding), o->stride_w, o->stride_h,
                                        o->filter_w, o->filter_h, act(o->activation))
                .Union()};
  }
  if (auto* o = std::get_if<ir::SoftmaxOptions>(&op.options)) {
    return {tflite::BuiltinOptions::SoftmaxOptions,
            tflite::CreateSoftmaxOptions(fbb, o->beta).Union()};
  }
  if (auto* o = std::get_if<ir::ConcatenationOptions>(&op.options)) {
    return {tflite::BuiltinOptions::ConcatenationOptions,
            tflite::CreateConcatenationOptions(fbb, o->axis, act(o->activation)).Union()};
  }
  if (auto* o = std::get_if<ir::ReshapeOptions>(&op.options)) {
    return {tflite::BuiltinOptions::ReshapeOptions,
            tflite::CreateReshapeOptions(fbb, ints(o->new_shape)).Union()};
  }
  if (auto* o = std::get_if<ir::SqueezeOptions>(&op.options)) {
    return {tflite::BuiltinOptions::SqueezeOptions,
            tflite::CreateSqueezeOptions(fbb, ints(o->squeeze_dims)).Union()};
  }
  if (auto* o = std::get_if<ir::ReducerOptions>(&op.options)) {
    return {tflite::BuiltinOptions::ReducerOptions,
            tflite::CreateReducerOptions(fbb, o->keep_dims).Union()};
  }
  if (auto* o = std::get_if<ir::StridedSliceOptions>(&op.options)) {
    return {tflite::BuiltinOptions::StridedSliceOptions,
            tflite::CreateStridedSliceOptions(fbb, o->begin_mask, o->end_mask, o->ellipsis_mask,
                                              o->new_axis_mask, o->shrink_axis_mask, o->offset)
                .Union()};
  }
  if (OptionsOut more = write_more_options(fbb, op); more.type != tflite::BuiltinOptions::NONE) return more;
  // Ops without options of their own still get their (empty) table where TFLite writes one.
  switch (op.type) {
    case ir::OpType::Pad:
      return {tflite::BuiltinOptions::PadOptions, tflite::CreatePadOptions(fbb).Union()};
    case ir::OpType::Transpose:
      return {tflite::BuiltinOptions::TransposeOptions,
              tflite::CreateTransposeOptions(fbb).Union()};
    case ir::OpType::Quantize:
      return {tflite::BuiltinOptions::QuantizeOptions, tflite::CreateQuantizeOptions(fbb).Union()};
    case ir::OpType::Dequantize:
      return {tflite::BuiltinOptions::DequantizeOptions,
              tflite::CreateDequantizeOptions(fbb).Union()};
    default: return {};
  }
}

Offset<tflite::Buffer> write_buffer(FlatBufferBuilder& fbb, const std::vector<uint8_t>& data) {
  if (data.empty()) return tflite::CreateBuffer(fbb);
  // Constants are read in place by the runtimes, so keep them aligned like the converter does.
  fbb.ForceVectorAlignment(data.size(), sizeof(uint8_t), 16);
  return tflite::CreateBuffer(fbb, fbb.CreateVector(data));
}

Offset<tflite::QuantizationParameters> write_quantization(FlatBufferBuilder& fbb,
                                                          const ir::Quantization& q) {
  if (q.empty()) return 0;
  return tflite::CreateQuantizationParameters(
      fbb, 0, 0, fbb.CreateVector(q.scale), fbb.CreateVector(q.zero_point),
      tflite::QuantizationDetails::NONE, 0, q.axis);
}

}  // namespace

namespace {

// The graph's subgraphs as the file stores them: each with the tensors its ops and inputs/outputs
// name (in graph order), indices local to it. A graph without subgraphs is one, with every tensor.
struct SubgraphOut {
  ir::Subgraph sub;
  std::vector<int32_t> tensors;  // graph tensor indices, ascending
};

std::vector<SubgraphOut> file_subgraphs(const ir::Graph& graph) {
  std::vector<SubgraphOut> out;
  if (graph.subgraphs.empty()) {
    SubgraphOut all;
    all.sub = {graph.name, 0, static_cast<int32_t>(graph.ops.size()), graph.inputs, graph.outputs};
    for (size_t t = 0; t < graph.tensors.size(); ++t) all.tensors.push_back(static_cast<int32_t>(t));
    out.push_back(std::move(all));
    return out;
  }
  for (const ir::Subgraph& sub : graph.subgraphs) {
    std::set<int32_t> used(sub.inputs.begin(), sub.inputs.end());
    used.insert(sub.outputs.begin(), sub.outputs.end());
    for (int32_t i = sub.first_op; i < sub.first_op + sub.num_ops; ++i)
      for (const auto* list : {&graph.ops[static_cast<size_t>(i)].inputs, &graph.ops[static_cast<size_t>(i)].outputs})
        for (int32_t t : *list)
          if (t >= 0) used.insert(t);
    out.push_back({sub, std::vector<int32_t>(used.begin(), used.end())});
  }
  return out;
}

}  // namespace

std::vector<uint8_t> write_tflite(const ir::Graph& graph) {
  check_graph(graph);
  FlatBufferBuilder fbb(1024);

  std::vector<Offset<tflite::Buffer>> buffers{write_buffer(fbb, {})};
  std::vector<uint32_t> buffer_of(graph.tensors.size(), 0);
  for (size_t t = 0; t < graph.tensors.size(); ++t)
    if (graph.tensors[t].is_const()) {
      buffer_of[t] = static_cast<uint32_t>(buffers.size());
      buffers.push_back(write_buffer(fbb, graph.tensors[t].data));
    }

  std::map<std::pair<int32_t, std::string>, uint32_t> code_index;
  std::vector<Offset<tflite::OperatorCode>> codes;
  std::vector<Offset<tflite::SubGraph>> subgraphs;
  for (const SubgraphOut& part : file_subgraphs(graph)) {
    std::map<int32_t, int32_t> local;
    std::vector<Offset<tflite::Tensor>> tensors;
    for (int32_t index : part.tensors) {
      const ir::Tensor& t = graph.tensors[static_cast<size_t>(index)];
      local[index] = static_cast<int32_t>(tensors.size());
      tensors.push_back(tflite::CreateTensor(
          fbb, fbb.CreateVector(t.shape), static_cast<tflite::TensorType>(tf::tensor_type_from_dtype(t.dtype)),
          buffer_of[static_cast<size_t>(index)], fbb.CreateString(t.name), write_quantization(fbb, t.quant),
          t.is_variable));
    }
    const auto locals = [&](const std::vector<int32_t>& v) {
      std::vector<int32_t> out;
      for (int32_t t : v) out.push_back(t < 0 ? t : local.at(t));
      return fbb.CreateVector(out);
    };
    std::vector<Offset<tflite::Operator>> ops;
    for (int32_t i = part.sub.first_op; i < part.sub.first_op + part.sub.num_ops; ++i) {
      const ir::Operator& op = graph.ops[static_cast<size_t>(i)];
      auto key = opcode_of(op);
      auto [it, added] = code_index.emplace(key, static_cast<uint32_t>(codes.size()));
      if (added) {
        const auto small = static_cast<int8_t>(std::min(key.first, tf::kPlaceholderForGreaterOpCodes));
        codes.push_back(tflite::CreateOperatorCode(
            fbb, small, key.second.empty() ? 0 : fbb.CreateString(key.second), 1,
            static_cast<tflite::BuiltinOperator>(key.first)));
      }
      OptionsOut options = write_options(fbb, op);
      const std::vector<uint8_t> custom = custom_options(op);
      const auto inputs = locals(op.inputs);
      const auto outputs = locals(op.outputs);
      ops.push_back(tflite::CreateOperator(fbb, it->second, inputs, outputs, options.type, options.table,
                                           custom.empty() ? 0 : fbb.CreateVector(custom)));
    }
    const auto inputs = locals(part.sub.inputs);
    const auto outputs = locals(part.sub.outputs);
    subgraphs.push_back(tflite::CreateSubGraph(fbb, fbb.CreateVector(tensors), inputs, outputs,
                                               fbb.CreateVector(ops), fbb.CreateString(part.sub.name)));
  }
  auto model = tflite::CreateModel(fbb, 3, fbb.CreateVector(codes), fbb.CreateVector(subgraphs),
                                   fbb.CreateString("MLonMCU model builder"), fbb.CreateVector(buffers));
  tflite::FinishModelBuffer(fbb, model);
  return std::vector<uint8_t>(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

void write_tflite_file(const ir::Graph& graph, const std::filesystem::path& path) {
  const std::vector<uint8_t> bytes = write_tflite(graph);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error(ErrorKind::Io, path.string() + ": cannot write model file");
}

}  // namespace mlonmcu::modelbuilder
