#include "modelbuilder/demo_models.h"

#include <fstream>
#include <set>

#include "common/error.h"
#include "modelbuilder/builder.h"
#include "modelbuilder/demo_golden.h"
#include "modelbuilder/tflite_writer.h"
#include "models/golden.h"

namespace mlonmcu::modelbuilder {

namespace {

using ir::Activation;
using ir::DType;
using ir::Padding;

ir::Graph convnet() {
  GraphBuilder b("demo_convnet", 101);
  int32_t x = b.input("input", DType::Int8, {1, 16, 16, 1}, per_tensor(1.0f / 255.0f, -128));
  x = b.conv2d(x, 8, 3, 3, 2, Padding::Same, Activation::Relu);
  x = b.depthwise_conv2d(x, 3, 3, 1, Padding::Same, Activation::Relu6);
  x = b.conv2d(x, 16, 1, 1, 1, Padding::Valid, Activation::Relu);
  x = b.average_pool(x, 8, 8, Padding::Valid);
  x = b.reshape(x, {1, 16});
  x = b.fully_connected(x, 4, Activation::None);
  b.add_output(b.softmax(x));
  return b.build();
}

ir::Graph autoencoder() {
  GraphBuilder b("demo_autoencoder", 202);
  int32_t x = b.input("input", DType::Int8, {1, 32}, per_tensor(0.05f, 10));
  x = b.fully_connected(x, 16, Activation::Relu);
  x = b.fully_connected(x, 8, Activation::Relu);
  x = b.fully_connected(x, 16, Activation::Relu);
  b.add_output(b.fully_connected(x, 32, Activation::None));
  return b.build();
}

ir::Graph resnet() {
  GraphBuilder b("demo_resnet", 303);
  int32_t x = b.input("input", DType::Int8, {1, 8, 8, 3}, per_tensor(1.0f / 128.0f, 0));
  const int32_t stem = b.conv2d(x, 8, 3, 3, 1, Padding::Same, Activation::Relu);
  int32_t y = b.conv2d(stem, 8, 3, 3, 1, Padding::Same, Activation::Relu);
  y = b.conv2d(y, 8, 3, 3, 1, Padding::Same, Activation::None);
  y = b.add(stem, y, Activation::Relu);
  y = b.average_pool(y, 8, 8, Padding::Valid);
  y = b.reshape(y, {1, 8});
  y = b.fully_connected(y, 5, Activation::None);
  b.add_output(b.softmax(y));
  return b.build();
}

ir::Graph sine() {
  GraphBuilder b("demo_sine", 404);
  int32_t x = b.input("input", DType::Float32, {1, 1});
  x = b.fully_connected(x, 16, Activation::Relu);
  x = b.fully_connected(x, 16, Activation::Relu);
  b.add_output(b.fully_connected(x, 1, Activation::None));
  return b.build();
}

ir::Graph renamed(ir::Graph g, const std::string& name) {
  g.name = name;
  return g;
}

std::string yaml_shape(const std::vector<int32_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

// ONNX models show rank-4 inputs and outputs as NCHW.
std::vector<int32_t> io_shape(const DemoModel& m, const ir::Tensor& t) {
  if (!m.onnx || t.shape.size() != 4) return t.shape;
  return {t.shape[0], t.shape[3], t.shape[1], t.shape[2]};
}

// Inputs are stored raw in the model's dtype, so the definition has no quantize section.
std::string definition_yml(const DemoModel& m) {
  const ir::Graph& g = m.graph;
  // Descriptions contain ": ", so they are quoted (they hold no quotes themselves).
  std::string y = "description: \"" + m.description + "\"\n";
  y += "network:\n  filename: " + m.name + (m.onnx ? ".onnx\n  framework: ONNX\n" : ".tflite\n  framework: TensorFlow Lite\n");
  y += "  provenance: written by the MLonMCU model builder (deterministic seed)\n";
  y += "network_parameters:\n  input_nodes:\n";
  for (int32_t i : g.inputs) {
    const ir::Tensor& t = g.tensors[static_cast<size_t>(i)];
    y += "  - name: " + t.name + "\n    shape: " + yaml_shape(io_shape(m, t)) + "\n    dtype: " +
         ir::dtype_name(t.dtype) + "\n    example_input:\n      path: ./input/\n";
  }
  y += "  output_nodes:\n";
  for (int32_t i : g.outputs) {
    const ir::Tensor& t = g.tensors[static_cast<size_t>(i)];
    y += "  - name: " + t.name + "\n    shape: " + yaml_shape(io_shape(m, t)) + "\n    dtype: " +
         ir::dtype_name(t.dtype) + "\n";
  }
  std::set<std::string> ops;
  for (const auto& op : g.ops) ops.insert(op.type_name);
  y += m.onnx ? "operators:\n  MLonMCU IR:\n" : "operators:\n  TensorFlow Lite:\n";
  for (const auto& op : ops) y += "  - " + op + "\n";
  return y;
}

void write_file(const std::filesystem::path& path, const void* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) throw Error(ErrorKind::Io, path.string() + ": cannot write");
}

}  // namespace

std::vector<DemoModel> demo_models() {
  std::vector<DemoModel> models;
  models.push_back({"demo_convnet", "Tiny int8 image classifier: conv, depthwise conv, average pool, fully connected, softmax.", convnet(), 3, std::nullopt});
  models.push_back({"demo_autoencoder", "Tiny int8 fully connected autoencoder (32-16-8-16-32).", autoencoder(), 3, std::nullopt});
  models.push_back({"demo_resnet", "Tiny int8 residual network: two conv blocks joined by ADD, pool, FC, softmax.", resnet(), 3, std::nullopt});
  models.push_back({"demo_sine", "Float32 fully connected net with the shape of the TinyML book's sine model.", sine(), 4, std::nullopt});
  // The same networks as ONNX, so a session can run them beside their TFLite twins.
  models.push_back({"demo_convnet_qop", "demo_convnet as ONNX, QOperator style (QLinearConv).", renamed(convnet(), "demo_convnet_qop"), 3, OnnxStyle::QOperator});
  models.push_back({"demo_convnet_qdq", "demo_convnet as ONNX, QDQ style (QuantizeLinear/DequantizeLinear around float ops).", renamed(convnet(), "demo_convnet_qdq"), 3, OnnxStyle::QDQ});
  models.push_back({"demo_sine_onnx", "demo_sine as ONNX (float32 Gemm/Relu).", renamed(sine(), "demo_sine_onnx"), 4, OnnxStyle::Float});
  return models;
}

std::vector<std::string> write_demo_models(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const DemoModel& m : demo_models()) {
    const auto model_dir = dir / m.name;
    std::filesystem::create_directories(model_dir / "input", ec);
    if (ec) throw Error(ErrorKind::Io, (model_dir / "input").string() + ": " + ec.message());
    if (m.onnx)
      write_onnx_file(m.graph, *m.onnx, model_dir / (m.name + ".onnx"));
    else
      write_tflite_file(m.graph, model_dir / (m.name + ".tflite"));
    const std::string def = definition_yml(m);
    write_file(model_dir / "definition.yml", def.data(), def.size());
    const models::GoldenData samples = models::synthetic_inputs(m.graph, m.num_samples);
    for (size_t s = 0; s < samples.num_samples(); ++s) {
      // One input per demo model, so a sample file is exactly that input's bytes.
      const ir::Tensor& in = m.graph.tensors[static_cast<size_t>(m.graph.inputs.at(0))];
      const auto bytes = m.onnx ? nhwc_to_nchw(samples.inputs[s].at(0), in.shape, ir::dtype_size(in.dtype))
                                : samples.inputs[s].at(0);
      write_file(model_dir / "input" / (std::to_string(s) + ".bin"), bytes.data(), bytes.size());
    }
    if (!m.onnx) {
      const auto outputs = demo_tflm_outputs(m.name);
      if (!outputs || outputs->size() != samples.num_samples())
        throw Error(ErrorKind::Internal, m.name + ": no TFLM outputs kept for its samples (build/bench/gen_demo_golden)");
      std::filesystem::create_directories(model_dir / "output_tflm", ec);
      if (ec) throw Error(ErrorKind::Io, (model_dir / "output_tflm").string() + ": " + ec.message());
      for (size_t s = 0; s < outputs->size(); ++s)
        write_file(model_dir / "output_tflm" / (std::to_string(s) + ".bin"), (*outputs)[s].data(), (*outputs)[s].size());
    }
    names.push_back(m.name);
  }
  // "demo": the TFLite models; "demo_onnx": the ONNX models beside their TFLite twins.
  std::string groups = "demo:\n", onnx_group = "demo_onnx:\n";
  for (const DemoModel& m : demo_models()) {
    if (!m.onnx) groups += "  - " + m.name + "\n";
    if (m.onnx || m.name == "demo_convnet" || m.name == "demo_sine") onnx_group += "  - " + m.name + "\n";
  }
  groups += onnx_group;
  write_file(dir / "modelgroups.yml", groups.data(), groups.size());
  return names;
}

}  // namespace mlonmcu::modelbuilder
