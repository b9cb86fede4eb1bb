// Hostile and odd .tflite files: the reader must answer every one with Error(Model) (or read
// it, when a change happens to leave a valid model), never crash. Run under ASan/UBSan.
#include <flatbuffers/flexbuffers.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/error.h"
#include "frontends/frontend.h"
#include "modelbuilder/builder.h"
#include "modelbuilder/demo_models.h"
#include "modelbuilder/tflite_writer.h"
#include "ops/lower.h"
#include "tflite_schema_generated.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

std::vector<uint8_t> small_model() {
  return modelbuilder::write_tflite(modelbuilder::demo_models().at(0).graph);
}

// Parses; returns true when it read a graph, false when it threw Error(Model). Any other
// exception type or kind fails the test.
bool parses_or_model_error(const std::vector<uint8_t>& bytes) {
  try {
    frontends::parse_tflite(bytes, "hostile.tflite");
    return true;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Model) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("hostile.tflite: ", 0), 0u) << e.what();
    return false;
  }
}

std::string model_error(const std::vector<uint8_t>& bytes) {
  try {
    frontends::parse_tflite(bytes, "crafted.tflite");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Model);
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

// A hand-built one-op model; the lambdas let each test break one thing.
struct Crafted {
  std::vector<int32_t> shape = {2, 2};
  tflite::TensorType type = tflite::TensorType::INT8;
  std::vector<uint8_t> weight_data = {1, 2, 3, 4};
  uint32_t weight_buffer = 1;
  std::vector<float> scales = {0.5f};
  std::vector<int64_t> zero_points = {0};
  int32_t quantized_dimension = 0;
  int8_t deprecated_code = 0;  // ADD
  int32_t builtin_code = 0;
  std::string custom_code;
  uint32_t opcode_index = 0;
  std::vector<int32_t> op_inputs = {0, 1};
  std::vector<int32_t> graph_outputs = {2};
  uint32_t version = 3;
  uint64_t external_offset = 0;  // > 1: weights live outside the flatbuffer
  bool mul_options_relu = false;  // attach MulOptions{RELU}, whatever the op
  std::vector<uint8_t> custom_options;
  std::vector<uint8_t> appended;

  std::vector<uint8_t> build() const {
    flatbuffers::FlatBufferBuilder fbb;
    auto quant = tflite::CreateQuantizationParameters(fbb, 0, 0, fbb.CreateVector(scales),
                                                      fbb.CreateVector(zero_points),
                                                      tflite::QuantizationDetails::NONE, 0,
                                                      quantized_dimension);
    std::vector<flatbuffers::Offset<tflite::Tensor>> tensors = {
        tflite::CreateTensor(fbb, fbb.CreateVector(std::vector<int32_t>{2, 2}), tflite::TensorType::INT8, 0, fbb.CreateString("in")),
        tflite::CreateTensor(fbb, fbb.CreateVector(shape), type, weight_buffer, fbb.CreateString("w"), quant),
        tflite::CreateTensor(fbb, fbb.CreateVector(std::vector<int32_t>{2, 2}), tflite::TensorType::INT8, 0, fbb.CreateString("out")),
    };
    std::vector<flatbuffers::Offset<tflite::Buffer>> buffers = {tflite::CreateBuffer(fbb)};
    if (external_offset > 1) {
      buffers.push_back(tflite::CreateBuffer(fbb, 0, external_offset, weight_data.size()));
    } else {
      buffers.push_back(tflite::CreateBuffer(fbb, fbb.CreateVector(weight_data)));
    }
    auto code = tflite::CreateOperatorCode(fbb, deprecated_code,
                                           custom_code.empty() ? 0 : fbb.CreateString(custom_code), 1,
                                           static_cast<tflite::BuiltinOperator>(builtin_code));
    auto options = mul_options_relu ? tflite::CreateMulOptions(fbb, tflite::ActivationFunctionType::RELU).Union()
                                    : flatbuffers::Offset<void>();
    auto op = tflite::CreateOperator(fbb, opcode_index, fbb.CreateVector(op_inputs),
                                     fbb.CreateVector(std::vector<int32_t>{2}),
                                     mul_options_relu ? tflite::BuiltinOptions::MulOptions : tflite::BuiltinOptions::NONE,
                                     options, custom_options.empty() ? 0 : fbb.CreateVector(custom_options));
    auto sg = tflite::CreateSubGraph(fbb, fbb.CreateVector(tensors), fbb.CreateVector(std::vector<int32_t>{0}),
                                     fbb.CreateVector(graph_outputs), fbb.CreateVector(std::vector{op}));
    auto model = tflite::CreateModel(fbb, version, fbb.CreateVector(std::vector{code}),
                                     fbb.CreateVector(std::vector{sg}), 0, fbb.CreateVector(buffers));
    tflite::FinishModelBuffer(fbb, model);
    std::vector<uint8_t> out(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
    out.insert(out.end(), appended.begin(), appended.end());
    return out;
  }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(TfliteHostile, EmptyAndTinyFiles) {
  EXPECT_TRUE(contains(model_error({}), "too small"));
  EXPECT_TRUE(contains(model_error({'T', 'F', 'L', '3'}), "too small"));
  EXPECT_TRUE(contains(model_error(std::vector<uint8_t>(64, 0)), "TFL3"));
}

TEST(TfliteHostile, TruncatedAtEveryLength) {
  const auto bytes = small_model();
  ASSERT_TRUE(parses_or_model_error(bytes));
  int failures = 0;
  for (size_t len = 0; len < bytes.size(); ++len) {
    const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len));
    if (!parses_or_model_error(cut)) ++failures;
  }
  // Builders write data back to front, so cutting anything but trailing padding breaks it.
  EXPECT_GE(failures, static_cast<int>(bytes.size()) - 16);
}

TEST(TfliteHostile, BitFlipsEverywhere) {
  const auto bytes = small_model();
  int rejected = 0;
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    for (int bit = 0; bit < 8; ++bit) {
      // Every bit of the first 512 bytes (tables, vtables, offsets); one bit per byte after.
      if (pos >= 512 && bit != static_cast<int>(pos % 8)) continue;
      auto flipped = bytes;
      flipped[pos] ^= static_cast<uint8_t>(1u << bit);
      if (!parses_or_model_error(flipped)) ++rejected;
    }
  }
  EXPECT_GT(rejected, 100);  // the flips that hit structure are caught
}

TEST(TfliteHostile, RealModelTruncatedAndFlipped) {
  const fs::path file = fs::path(MLONMCU_SHARED_MODELS) / "aww" / "aww.tflite";
  if (!fs::exists(file)) GTEST_SKIP() << "no shared models";
  std::ifstream in(file, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t len = 0; len + 64 < bytes.size(); len += 997) {
    EXPECT_FALSE(parses_or_model_error({bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len)})) << len;
  }
  for (size_t pos = 0; pos < bytes.size(); pos += 37) {
    auto flipped = bytes;
    flipped[pos] ^= 0x40;
    parses_or_model_error(flipped);
  }
}

TEST(TfliteHostile, CraftedModelReadsWhenConsistent) {
  Crafted c;
  const ir::Graph g = frontends::parse_tflite(c.build());
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].type, ir::OpType::Add);
  EXPECT_EQ(g.tensors[1].data, (std::vector<uint8_t>{1, 2, 3, 4}));
  EXPECT_EQ(g.name, "model");
}

TEST(TfliteHostile, ConstantDataOfTheWrongSize) {
  Crafted c;
  c.weight_data = {1, 2, 3};
  EXPECT_TRUE(contains(model_error(c.build()), "3 bytes of constant data"));
  // Longer than the shape needs: TFLite-Micro reads only the start, and so do we.
  Crafted longer;
  longer.weight_data = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(frontends::parse_tflite(longer.build()).tensors[1].data, (std::vector<uint8_t>{1, 2, 3, 4}));
}

TEST(TfliteHostile, Int4ConstantsAreUnpackedToInt8) {
  Crafted c;
  c.type = tflite::TensorType::INT4;
  c.weight_data = {0x71, 0x8f};  // low nibble first: 1, 7, -1, -8
  const ir::Graph g = frontends::parse_tflite(c.build());
  EXPECT_EQ(g.tensors[1].dtype, ir::DType::Int8);
  EXPECT_EQ(g.tensors[1].data, (std::vector<uint8_t>{1, 7, 0xff, 0xf8}));
  c.weight_data = {0x71};  // 4 elements need 2 bytes
  EXPECT_TRUE(contains(model_error(c.build()), "1 bytes of constant data"));
}

TEST(TfliteHostile, BadIndices) {
  Crafted buffer;
  buffer.weight_buffer = 9;
  EXPECT_TRUE(contains(model_error(buffer.build()), "buffer 9"));
  Crafted opcode;
  opcode.opcode_index = 4;
  EXPECT_TRUE(contains(model_error(opcode.build()), "opcode index 4"));
  Crafted input;
  input.op_inputs = {0, 3};
  EXPECT_TRUE(contains(model_error(input.build()), "tensor 3"));
  Crafted negative;
  negative.op_inputs = {0, -2};
  EXPECT_TRUE(contains(model_error(negative.build()), "tensor -2"));
  Crafted output;
  output.graph_outputs = {5};
  EXPECT_TRUE(contains(model_error(output.build()), "graph output"));
}

TEST(TfliteHostile, OptionalInputIsAllowed) {
  Crafted c;
  c.op_inputs = {0, -1};
  EXPECT_EQ(frontends::parse_tflite(c.build()).ops[0].inputs, (std::vector<int32_t>{0, -1}));
}

TEST(TfliteHostile, BadShapesTypesAndQuantization) {
  Crafted negative;
  negative.shape = {2, -2};
  EXPECT_TRUE(contains(model_error(negative.build()), "negative dimension"));
  Crafted huge;
  huge.shape = {1 << 20, 1 << 20};
  EXPECT_TRUE(contains(model_error(huge.build()), "too large"));
  Crafted string;  // TFLite-Micro cannot size strings either
  string.type = tflite::TensorType::STRING;
  EXPECT_TRUE(contains(model_error(string.build()), "STRING"));
  Crafted invalid_type;
  invalid_type.type = static_cast<tflite::TensorType>(99);
  EXPECT_TRUE(contains(model_error(invalid_type.build()), "type 99"));
  Crafted nan_scale;
  nan_scale.scales = {std::numeric_limits<float>::quiet_NaN()};
  EXPECT_TRUE(contains(model_error(nan_scale.build()), "scale"));
}

// What TFLite-Micro's loader accepts loads here too; the ops that use such a tensor decide.
TEST(TfliteHostile, ReadsWhatTflmLoads) {
  Crafted fp16;
  fp16.type = tflite::TensorType::FLOAT16;
  fp16.weight_data = {0, 0, 0, 0, 0, 0, 0, 0};
  const ir::Graph g = frontends::parse_tflite(fp16.build());
  EXPECT_EQ(g.tensors[1].dtype, ir::DType::Float16);
  try {
    ops::check_supported(g, g.ops[0], "interp");
    ADD_FAILURE() << "a float16 operand passed";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
    EXPECT_TRUE(contains(e.what(), "backend 'interp' does not support ADD: dtype float16 of tensor 'w'")) << e.what();
  }
  Crafted channels;  // 3 scales for a [2, 2] tensor: only an op reading them per channel cares
  channels.scales = {0.5f, 0.25f, 0.125f};
  channels.zero_points = {0, 0, 0};
  EXPECT_EQ(frontends::parse_tflite(channels.build()).tensors[1].quant.scale.size(), 3u);
  Crafted axis;  // a per-tensor scale: the axis means nothing (a real bias had 3 here)
  axis.quantized_dimension = 3;
  EXPECT_EQ(frontends::parse_tflite(axis.build()).tensors[1].quant.scale, (std::vector<float>{0.5f}));
  Crafted zps;  // one zero point stands for all channels; extra ones are ignored
  zps.scales = {0.5f, 0.25f};
  zps.zero_points = {3};
  EXPECT_EQ(frontends::parse_tflite(zps.build()).tensors[1].quant.zero_point, (std::vector<int64_t>{3, 3}));
  zps.scales = {0.5f};
  zps.zero_points = {4, 1};
  EXPECT_EQ(frontends::parse_tflite(zps.build()).tensors[1].quant.zero_point, (std::vector<int64_t>{4}));
  Crafted version;  // TFLM reads every file with the version-3 layout
  version.version = 2;
  EXPECT_EQ(frontends::parse_tflite(version.build()).ops.size(), 1u);
}

TEST(TfliteHostile, PerChannelQuantizationIsRead) {
  Crafted c;
  c.scales = {0.5f, 0.25f};
  c.zero_points = {1, -1};
  c.quantized_dimension = 1;
  const ir::Graph g = frontends::parse_tflite(c.build());
  EXPECT_EQ(g.tensors[1].quant.scale, (std::vector<float>{0.5f, 0.25f}));
  EXPECT_EQ(g.tensors[1].quant.zero_point, (std::vector<int64_t>{1, -1}));
  EXPECT_EQ(g.tensors[1].quant.axis, 1);
}

TEST(TfliteHostile, OpcodesOldNewCustomAndUnknown) {
  Crafted old_style;  // only the byte field: MUL
  old_style.deprecated_code = 18;
  EXPECT_EQ(frontends::parse_tflite(old_style.build()).ops[0].type, ir::OpType::Mul);
  Crafted new_style;  // byte says "look at the int field" (127), int field: CUMSUM = 128
  new_style.deprecated_code = 127;
  new_style.builtin_code = 128;
  const ir::Graph g = frontends::parse_tflite(new_style.build());
  EXPECT_EQ(g.ops[0].type, ir::OpType::Cumsum);
  EXPECT_EQ(g.ops[0].type_name, "CUMSUM");
  Crafted unknown;  // RFFT2D = 131, a builtin TFLite-Micro does not have
  unknown.deprecated_code = 127;
  unknown.builtin_code = 131;
  const ir::Graph u = frontends::parse_tflite(unknown.build());
  EXPECT_EQ(u.ops[0].type, ir::OpType::Unknown);
  EXPECT_EQ(u.ops[0].type_name, "RFFT2D");
  Crafted hard_swish;
  hard_swish.deprecated_code = 117;
  hard_swish.builtin_code = 117;
  EXPECT_EQ(frontends::parse_tflite(hard_swish.build()).ops[0].type_name, "HARD_SWISH");
  Crafted custom;
  custom.deprecated_code = 32;
  custom.builtin_code = 32;
  custom.custom_code = "TFLite_Detection_PostProcess";
  const ir::Graph cg = frontends::parse_tflite(custom.build());
  EXPECT_EQ(cg.ops[0].type, ir::OpType::DetectionPostprocess);
  EXPECT_EQ(cg.ops[0].type_name, "TFLite_Detection_PostProcess");
  // Its custom options: a FlexBuffer map (absent keys as TFLite-Micro reads them), or one error.
  flexbuffers::Builder map;
  map.Map([&] {
    map.Int("max_detections", 10);
    map.Float("nms_iou_threshold", 0.5f);
    map.Bool("use_regular_nms", true);
  });
  map.Finish();
  custom.custom_options = map.GetBuffer();
  const auto o = std::get<ir::DetectionPostprocessOptions>(frontends::parse_tflite(custom.build()).ops[0].options);
  EXPECT_EQ(o.max_detections, 10);
  EXPECT_EQ(o.nms_iou_threshold, 0.5f);
  EXPECT_TRUE(o.use_regular_nms);
  EXPECT_EQ(o.detections_per_class, 100);
  EXPECT_EQ(o.num_classes, 0);
  custom.custom_options = {0xff, 0x13, 0x07, 0x42, 0x99};
  EXPECT_TRUE(contains(model_error(custom.build()), "custom options are not a valid FlexBuffer"));
  Crafted future;  // a code newer than our schema
  future.deprecated_code = 127;
  future.builtin_code = 400;
  EXPECT_EQ(frontends::parse_tflite(future.build()).ops[0].type_name, "BUILTIN_400");
  Crafted negative;
  negative.deprecated_code = -5;
  negative.builtin_code = -5;
  EXPECT_TRUE(contains(model_error(negative.build()), "builtin operator code -5"));
}

TEST(TfliteHostile, OptionsOfAnotherOpMeanDefaults) {
  Crafted mul;
  mul.deprecated_code = 18;
  mul.mul_options_relu = true;
  const ir::Graph m = frontends::parse_tflite(mul.build());
  EXPECT_EQ(std::get<ir::ElementwiseOptions>(m.ops[0].options).activation, ir::Activation::Relu);
  Crafted add;  // TFLite-Micro's parser finds no AddOptions and uses the defaults
  add.mul_options_relu = true;
  const ir::Graph a = frontends::parse_tflite(add.build());
  EXPECT_EQ(std::get<ir::ElementwiseOptions>(a.ops[0].options).activation, ir::Activation::None);
}

TEST(TfliteHostile, ConvWithoutOptionsIsRejected) {
  Crafted c;
  c.deprecated_code = 3;
  c.op_inputs = {0, 1, -1};
  // The crafted op carries no options; a CONV_2D without strides cannot be computed.
  try {
    frontends::parse_tflite(c.build(), "x.tflite");
    // Reading succeeds only if the reader accepted missing options; it must not.
    FAIL() << "accepted CONV_2D without options";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Model);
    EXPECT_TRUE(contains(e.what(), "Conv2DOptions"));
  }
}

TEST(TfliteHostile, ExternalBuffers) {
  Crafted c;
  c.appended = {9, 8, 7, 6};
  c.external_offset = 2;  // the value does not change the flatbuffer's layout
  const size_t base = c.build().size() - c.appended.size();
  c.external_offset = base;  // data right after the flatbuffer
  const ir::Graph g = frontends::parse_tflite(c.build());
  EXPECT_EQ(g.tensors[1].data, (std::vector<uint8_t>{9, 8, 7, 6}));
  Crafted outside;
  outside.appended = {9, 8, 7, 6};
  outside.external_offset = base + 2;  // runs past the end
  EXPECT_TRUE(contains(model_error(outside.build()), "outside the file"));
}

TEST(TfliteHostile, RandomCorruptionOfRealModels) {
  if (!fs::is_directory(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no shared models";
  modelbuilder::Rng rng(2024);
  for (const char* name : {"aww", "resnet", "toycar", "sine_model", "vww"}) {
    std::ifstream in(fs::path(MLONMCU_SHARED_MODELS) / name / (std::string(name) + ".tflite"), std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Structure (offsets, vtables, vectors' lengths) sits in the first KB and the last part of
    // the file is mostly tables too; corrupt a few random bytes anywhere, 150 times per model.
    for (int round = 0; round < 150; ++round) {
      auto broken = bytes;
      const int count = rng.uniform_int(1, 8);
      for (int k = 0; k < count; ++k) {
        const auto pos = static_cast<size_t>(rng.uniform_int(0, static_cast<int32_t>(bytes.size() - 1)));
        broken[pos] = static_cast<uint8_t>(rng.uniform_int(0, 255));
      }
      parses_or_model_error(broken);
    }
  }
}
