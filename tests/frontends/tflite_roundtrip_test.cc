// Writer -> reader round trips: models built in C++ (and the real zoo models) survive
// write_tflite + parse_tflite unchanged, including options, quantization and constant data.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "frontends/frontend.h"
#include "modelbuilder/builder.h"
#include "modelbuilder/demo_models.h"
#include "modelbuilder/tflite_writer.h"

namespace fs = std::filesystem;
using namespace mlonmcu;
using modelbuilder::GraphBuilder;

namespace {

void expect_same_tensors(const ir::Graph& a, const ir::Graph& b) {
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (size_t i = 0; i < a.tensors.size(); ++i) {
    const ir::Tensor& x = a.tensors[i];
    const ir::Tensor& y = b.tensors[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.dtype, y.dtype) << x.name;
    EXPECT_EQ(x.shape, y.shape) << x.name;
    EXPECT_EQ(x.data, y.data) << x.name;
    EXPECT_EQ(x.quant.scale, y.quant.scale) << x.name;
    EXPECT_EQ(x.quant.zero_point, y.quant.zero_point) << x.name;
    if (x.quant.per_channel()) {
      EXPECT_EQ(x.quant.axis, y.quant.axis) << x.name;
    }
  }
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_EQ(a.outputs, b.outputs);
  ASSERT_EQ(a.ops.size(), b.ops.size());
  for (size_t i = 0; i < a.ops.size(); ++i) {
    EXPECT_EQ(a.ops[i].type, b.ops[i].type);
    EXPECT_EQ(a.ops[i].type_name, b.ops[i].type_name);
    EXPECT_EQ(a.ops[i].inputs, b.ops[i].inputs);
    EXPECT_EQ(a.ops[i].outputs, b.ops[i].outputs);
    EXPECT_EQ(a.ops[i].options.index(), b.ops[i].options.index()) << a.ops[i].type_name;
  }
}

}  // namespace

TEST(TfliteRoundTrip, DemoModelsSurviveWriteAndRead) {
  for (const auto& m : modelbuilder::demo_models()) {
    SCOPED_TRACE(m.name);
    const auto bytes = modelbuilder::write_tflite(m.graph);
    const ir::Graph back = frontends::parse_tflite(bytes, m.name);
    expect_same_tensors(m.graph, back);
    EXPECT_EQ(back.name, m.name);
    // The writer is deterministic, so writing what was read gives the same file.
    EXPECT_EQ(modelbuilder::write_tflite(back), bytes);
  }
}

TEST(TfliteRoundTrip, OptionsArePreserved) {
  GraphBuilder b("options", 7);
  const int32_t x = b.input("x", ir::DType::Int8, {1, 9, 7, 4}, modelbuilder::per_tensor(0.1f, 3));
  const int32_t c = b.conv2d(x, 6, 3, 2, 2, ir::Padding::Valid, ir::Activation::Relu6);
  const int32_t d = b.depthwise_conv2d(c, 2, 2, 1, ir::Padding::Same, ir::Activation::ReluN1To1);
  const int32_t p = b.max_pool(d, 2, 2, ir::Padding::Same);
  const int32_t r = b.reshape(p, {1, -1});
  b.add_output(b.softmax(r, 0.5f));
  const ir::Graph back = frontends::parse_tflite(modelbuilder::write_tflite(b.build()));

  const auto& conv = std::get<ir::Conv2DOptions>(back.ops[0].options);
  EXPECT_EQ(conv.padding, ir::Padding::Valid);
  EXPECT_EQ(conv.stride_w, 2);
  EXPECT_EQ(conv.stride_h, 2);
  EXPECT_EQ(conv.activation, ir::Activation::Relu6);
  // (9-3+2)/2 = 4 rows, (7-2+2)/2 = 3 columns for VALID padding.
  EXPECT_EQ(back.tensors[static_cast<size_t>(c)].shape, (std::vector<int32_t>{1, 4, 3, 6}));
  const auto& dw = std::get<ir::DepthwiseConv2DOptions>(back.ops[1].options);
  EXPECT_EQ(dw.padding, ir::Padding::Same);
  EXPECT_EQ(dw.depth_multiplier, 1);
  EXPECT_EQ(dw.activation, ir::Activation::ReluN1To1);
  const auto& pool = std::get<ir::Pool2DOptions>(back.ops[2].options);
  EXPECT_EQ(back.ops[2].type, ir::OpType::MaxPool2D);
  EXPECT_EQ(pool.filter_w, 2);
  EXPECT_EQ(pool.filter_h, 2);
  EXPECT_EQ(std::get<ir::ReshapeOptions>(back.ops[3].options).new_shape, (std::vector<int32_t>{1, -1}));
  EXPECT_FLOAT_EQ(std::get<ir::SoftmaxOptions>(back.ops[4].options).beta, 0.5f);
  // int8 softmax output uses TFLite's fixed quantization.
  const ir::Tensor& out = back.tensors[static_cast<size_t>(back.outputs[0])];
  EXPECT_FLOAT_EQ(out.quant.scale[0], 1.0f / 256.0f);
  EXPECT_EQ(out.quant.zero_point[0], -128);
  // Conv bias scale = input scale * per-channel weight scale.
  const ir::Tensor& w = back.tensors[static_cast<size_t>(back.ops[0].inputs[1])];
  const ir::Tensor& bias = back.tensors[static_cast<size_t>(back.ops[0].inputs[2])];
  ASSERT_EQ(w.quant.scale.size(), 6u);
  for (size_t ch = 0; ch < 6; ++ch) EXPECT_FLOAT_EQ(bias.quant.scale[ch], 0.1f * w.quant.scale[ch]);
}

TEST(TfliteRoundTrip, UnknownOpsKeepTheirNames) {
  GraphBuilder b("unknown", 1);
  const int32_t x = b.input("x", ir::DType::Float32, {1, 4});
  const int32_t y = b.add_tensor("y", ir::DType::Float32, {1, 4});
  const int32_t z = b.add_tensor("z", ir::DType::Float32, {1, 4});
  b.add_op(ir::OpType::Unknown, {x}, {y}, ir::NoOptions{}, "RFFT2D");
  b.add_op(ir::OpType::Unknown, {y, -1}, {z}, ir::NoOptions{}, "MyVendorOp");
  b.add_output(z);
  const ir::Graph back = frontends::parse_tflite(modelbuilder::write_tflite(b.build()));
  ASSERT_EQ(back.ops.size(), 2u);
  EXPECT_EQ(back.ops[0].type, ir::OpType::Unknown);
  EXPECT_EQ(back.ops[0].type_name, "RFFT2D");
  EXPECT_EQ(back.ops[1].type, ir::OpType::Unknown);
  EXPECT_EQ(back.ops[1].type_name, "MyVendorOp");
  EXPECT_EQ(back.ops[1].inputs, (std::vector<int32_t>{y, -1}));
}

TEST(TfliteRoundTrip, RealModelsSurviveWriteAndRead) {
  if (!fs::is_directory(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no shared models";
  for (const char* name : {"aww", "resnet", "toycar", "sine_model"}) {
    SCOPED_TRACE(name);
    const ir::Graph g = frontends::load_tflite(fs::path(MLONMCU_SHARED_MODELS) / name / (std::string(name) + ".tflite"));
    const ir::Graph back = frontends::parse_tflite(modelbuilder::write_tflite(g), name);
    expect_same_tensors(g, back);
  }
}

TEST(TfliteWriter, RejectsInconsistentGraphs) {
  GraphBuilder b("bad", 1);
  const int32_t x = b.input("x", ir::DType::Int8, {1, 4});
  ir::Graph g = b.build();
  g.tensors[static_cast<size_t>(x)].data = {1, 2, 3};  // 3 bytes for 4 elements
  EXPECT_THROW(modelbuilder::write_tflite(g), Error);
  ir::Graph g2 = b.build();
  g2.outputs.push_back(17);
  EXPECT_THROW(modelbuilder::write_tflite(g2), Error);
}

TEST(ModelBuilder, SameSeedSameModel) {
  const auto a = modelbuilder::demo_models();
  const auto b = modelbuilder::demo_models();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(modelbuilder::write_tflite(a[i].graph), modelbuilder::write_tflite(b[i].graph));
  }
  // A different seed changes the weights.
  GraphBuilder s1("m", 1), s2("m", 2);
  for (GraphBuilder* g : {&s1, &s2}) {
    const int32_t x = g->input("x", ir::DType::Int8, {1, 8}, modelbuilder::per_tensor(0.1f, 0));
    g->add_output(g->fully_connected(x, 4, ir::Activation::None));
  }
  EXPECT_NE(modelbuilder::write_tflite(s1.build()), modelbuilder::write_tflite(s2.build()));
}

TEST(ModelBuilder, SplitMixMatchesReferenceSequence) {
  // SplitMix64 with seed 0: first outputs as published with the algorithm.
  modelbuilder::Rng rng(0);
  EXPECT_EQ(rng.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.next(), 0x6e789e6aa1b965f4ULL);
}

TEST(ModelBuilder, WindowOutputSizes) {
  using modelbuilder::window_output_size;
  EXPECT_EQ(window_output_size(16, 3, 2, 1, ir::Padding::Same), 8);   // ceil(16/2)
  EXPECT_EQ(window_output_size(15, 3, 2, 1, ir::Padding::Same), 8);   // ceil(15/2)
  EXPECT_EQ(window_output_size(16, 3, 2, 1, ir::Padding::Valid), 7);  // floor((16-3)/2)+1
  EXPECT_EQ(window_output_size(10, 3, 1, 2, ir::Padding::Valid), 6);  // effective filter 5
}
