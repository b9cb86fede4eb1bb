// Reads the five real zoo models and checks what their definition.yml / README say about them:
// operator sets, input/output shapes, dtypes and quantization, and a few known weights.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "common/error.h"
#include "frontends/frontend.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

fs::path shared_model(const std::string& name) {
  return fs::path(MLONMCU_SHARED_MODELS) / name / (name + ".tflite");
}

#define REQUIRE_SHARED_MODELS()                                               \
  if (!fs::is_directory(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no shared models"

std::map<std::string, int> op_histogram(const ir::Graph& g) {
  std::map<std::string, int> h;
  for (const auto& op : g.ops) h[op.type_name]++;
  return h;
}

const ir::Tensor& input0(const ir::Graph& g) { return g.tensors.at(static_cast<size_t>(g.inputs.at(0))); }
const ir::Tensor& output0(const ir::Graph& g) { return g.tensors.at(static_cast<size_t>(g.outputs.at(0))); }

}  // namespace

TEST(TfliteRealModels, AwwStructureAndQuantization) {
  REQUIRE_SHARED_MODELS();
  const ir::Graph g = frontends::load_tflite(shared_model("aww"));
  EXPECT_EQ(g.name, "aww");
  // DS-CNN: one regular conv, four depthwise-separable blocks, pool, reshape, FC, softmax.
  const std::map<std::string, int> expected = {{"CONV_2D", 5}, {"DEPTHWISE_CONV_2D", 4},
                                               {"AVERAGE_POOL_2D", 1}, {"RESHAPE", 1},
                                               {"FULLY_CONNECTED", 1}, {"SOFTMAX", 1}};
  EXPECT_EQ(op_histogram(g), expected);
  ASSERT_EQ(g.inputs.size(), 1u);
  ASSERT_EQ(g.outputs.size(), 1u);
  const ir::Tensor& in = input0(g);
  EXPECT_EQ(in.name, "input_1");
  EXPECT_EQ(in.dtype, ir::DType::Int8);
  EXPECT_EQ(in.shape, (std::vector<int32_t>{1, 49, 10, 1}));
  ASSERT_EQ(in.quant.scale.size(), 1u);
  EXPECT_FLOAT_EQ(in.quant.scale[0], 0.5748363733291626f);  // definition.yml
  EXPECT_EQ(in.quant.zero_point[0], 87);
  EXPECT_FALSE(in.is_const());
  const ir::Tensor& out = output0(g);
  EXPECT_EQ(out.name, "Identity");
  EXPECT_EQ(out.shape, (std::vector<int32_t>{1, 12}));
  EXPECT_FLOAT_EQ(out.quant.scale[0], 0.00390625f);
  EXPECT_EQ(out.quant.zero_point[0], -128);

  // The first conv: stride 2, fused ReLU, per-channel int8 weights (64 output channels) and
  // int32 bias whose data matches its shape.
  const ir::Operator& conv = g.ops.at(0);
  ASSERT_EQ(conv.type, ir::OpType::Conv2D);
  const auto& o = std::get<ir::Conv2DOptions>(conv.options);
  EXPECT_EQ(o.stride_w, 2);
  EXPECT_EQ(o.stride_h, 2);
  EXPECT_EQ(o.activation, ir::Activation::Relu);
  EXPECT_EQ(o.dilation_w, 1);
  ASSERT_EQ(conv.inputs.size(), 3u);
  EXPECT_EQ(conv.inputs[0], g.inputs[0]);
  const ir::Tensor& w = g.tensors.at(static_cast<size_t>(conv.inputs[1]));
  EXPECT_EQ(w.dtype, ir::DType::Int8);
  EXPECT_TRUE(w.is_const());
  ASSERT_EQ(w.shape.size(), 4u);
  EXPECT_EQ(w.shape[0], 64);
  EXPECT_EQ(static_cast<int64_t>(w.data.size()), w.num_elements());
  EXPECT_TRUE(w.quant.per_channel());
  EXPECT_EQ(w.quant.scale.size(), 64u);
  EXPECT_EQ(w.quant.axis, 0);
  const ir::Tensor& bias = g.tensors.at(static_cast<size_t>(conv.inputs[2]));
  EXPECT_EQ(bias.dtype, ir::DType::Int32);
  EXPECT_EQ(bias.shape, (std::vector<int32_t>{64}));
  EXPECT_EQ(bias.data.size(), 64u * 4u);

  // Depthwise weights are quantized along the last (channel) axis.
  for (const auto& op : g.ops) {
    if (op.type != ir::OpType::DepthwiseConv2D) continue;
    const ir::Tensor& dw = g.tensors.at(static_cast<size_t>(op.inputs[1]));
    EXPECT_EQ(dw.quant.axis, 3);
    EXPECT_EQ(static_cast<int32_t>(dw.quant.scale.size()), dw.shape[3]);
    EXPECT_EQ(std::get<ir::DepthwiseConv2DOptions>(op.options).activation, ir::Activation::Relu);
  }
}

TEST(TfliteRealModels, VwwReadsNewStyleOpcodes) {
  REQUIRE_SHARED_MODELS();
  // vww fills OperatorCode.builtin_code as well as the deprecated byte.
  const ir::Graph g = frontends::load_tflite(shared_model("vww"));
  const std::map<std::string, int> expected = {{"CONV_2D", 14}, {"DEPTHWISE_CONV_2D", 13},
                                               {"AVERAGE_POOL_2D", 1}, {"RESHAPE", 1},
                                               {"FULLY_CONNECTED", 1}, {"SOFTMAX", 1}};
  EXPECT_EQ(op_histogram(g), expected);
  EXPECT_EQ(input0(g).shape, (std::vector<int32_t>{1, 96, 96, 3}));
  EXPECT_FLOAT_EQ(input0(g).quant.scale[0], 0.0039215688593685627f);
  EXPECT_EQ(input0(g).quant.zero_point[0], -128);
  EXPECT_EQ(output0(g).shape, (std::vector<int32_t>{1, 2}));
}

TEST(TfliteRealModels, ResnetHasResidualAdds) {
  REQUIRE_SHARED_MODELS();
  const ir::Graph g = frontends::load_tflite(shared_model("resnet"));
  const std::map<std::string, int> expected = {{"CONV_2D", 9}, {"ADD", 3}, {"AVERAGE_POOL_2D", 1},
                                               {"RESHAPE", 1}, {"FULLY_CONNECTED", 1}, {"SOFTMAX", 1}};
  EXPECT_EQ(op_histogram(g), expected);
  EXPECT_EQ(input0(g).shape, (std::vector<int32_t>{1, 32, 32, 3}));
  EXPECT_FLOAT_EQ(input0(g).quant.scale[0], 1.0f);
  EXPECT_EQ(input0(g).quant.zero_point[0], -128);
  EXPECT_EQ(output0(g).shape, (std::vector<int32_t>{1, 10}));
  for (const auto& op : g.ops) {
    if (op.type != ir::OpType::Add) continue;
    ASSERT_EQ(op.inputs.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<ir::ElementwiseOptions>(op.options));
    // Both operands are activations, not constants.
    EXPECT_FALSE(g.tensors.at(static_cast<size_t>(op.inputs[0])).is_const());
    EXPECT_FALSE(g.tensors.at(static_cast<size_t>(op.inputs[1])).is_const());
  }
}

TEST(TfliteRealModels, ToycarIsTenFullyConnectedLayers) {
  REQUIRE_SHARED_MODELS();
  const ir::Graph g = frontends::load_tflite(shared_model("toycar"));
  EXPECT_EQ(op_histogram(g), (std::map<std::string, int>{{"FULLY_CONNECTED", 10}}));
  EXPECT_EQ(input0(g).shape, (std::vector<int32_t>{1, 640}));
  EXPECT_FLOAT_EQ(input0(g).quant.scale[0], 0.39101523160934448f);
  EXPECT_EQ(input0(g).quant.zero_point[0], 89);
  EXPECT_FLOAT_EQ(output0(g).quant.scale[0], 0.36449846625328064f);
  EXPECT_EQ(output0(g).quant.zero_point[0], 96);
  // Every layer chains into the next one.
  for (size_t i = 1; i < g.ops.size(); ++i) EXPECT_EQ(g.ops[i].inputs[0], g.ops[i - 1].outputs[0]);
}

TEST(TfliteRealModels, SineModelIsFloat) {
  REQUIRE_SHARED_MODELS();
  const ir::Graph g = frontends::load_tflite(shared_model("sine_model"));
  EXPECT_EQ(op_histogram(g), (std::map<std::string, int>{{"FULLY_CONNECTED", 3}}));
  EXPECT_EQ(input0(g).name, "dense_2_input");
  EXPECT_EQ(input0(g).dtype, ir::DType::Float32);
  EXPECT_TRUE(input0(g).quant.empty());
  EXPECT_EQ(output0(g).shape, (std::vector<int32_t>{1, 1}));
  const auto& fc = std::get<ir::FullyConnectedOptions>(g.ops[0].options);
  EXPECT_EQ(fc.activation, ir::Activation::Relu);
  EXPECT_EQ(std::get<ir::FullyConnectedOptions>(g.ops[2].options).activation, ir::Activation::None);
}

TEST(TfliteRealModels, EveryTensorIndexIsValid) {
  REQUIRE_SHARED_MODELS();
  for (const char* name : {"aww", "vww", "resnet", "toycar", "sine_model"}) {
    const ir::Graph g = frontends::load_model(shared_model(name));
    const auto n = static_cast<int32_t>(g.tensors.size());
    for (const auto& op : g.ops) {
      EXPECT_NE(op.type, ir::OpType::Unknown) << name << " " << op.type_name;
      for (int32_t i : op.inputs) EXPECT_TRUE(i == -1 || (i >= 0 && i < n)) << name;
      for (int32_t i : op.outputs) EXPECT_TRUE(i >= 0 && i < n) << name;
    }
    for (const auto& t : g.tensors) {
      if (t.is_const()) {
        EXPECT_EQ(static_cast<int64_t>(t.data.size()), t.num_bytes()) << t.name;
      }
    }
  }
}

TEST(TfliteFrontend, MissingFileAndUnknownExtension) {
  try {
    frontends::load_tflite("/nonexistent/model.tflite");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/model.tflite"), std::string::npos);
  }
  try {
    frontends::load_model("model.pb");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("'.pb' (supported: .tflite, .onnx)"), std::string::npos);
  }
}
