// Golden data conversion rules on hand-made files: raw, float32 and uint8 inputs, wrong sizes,
// .npy and .npz samples, synthetic inputs, and the demo zoo written by the model builder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "frontends/frontend.h"
#include "modelbuilder/builder.h"
#include "modelbuilder/demo_models.h"
#include "modelbuilder/tflite_writer.h"
#include "models/golden.h"
#include "models/model_info.h"
#include "models/npy.h"
#include "models/zip_reader.h"
#include "npz_fixtures.inc"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("mlonmcu_h3g_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_bytes(const fs::path& file, const void* data, size_t size) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
}

// A one-input model dir: int8 [1,4] input (scale 0.5, zero point 10) -> FC -> int8 [1,2].
struct TinyModel {
  fs::path dir;
  models::ModelInfo info;
  ir::Graph graph;
  explicit TinyModel(const std::string& name, const std::string& definition = "") {
    dir = fresh_dir(name) / "tiny";
    modelbuilder::GraphBuilder b("tiny", 3);
    const int32_t x = b.input("x", ir::DType::Int8, {1, 4}, modelbuilder::per_tensor(0.5f, 10));
    b.add_output(b.fully_connected(x, 2, ir::Activation::None));
    modelbuilder::write_tflite_file(b.build(), dir / "tiny.tflite");
    if (!definition.empty()) write_bytes(dir / "definition.yml", definition.data(), definition.size());
    fs::create_directories(dir / "input");
    reload();
  }
  void reload() {
    info = models::read_model_info(dir / "tiny.tflite");
    graph = frontends::load_model(info.model_file);
  }
  ~TinyModel() { fs::remove_all(dir.parent_path()); }
};

std::vector<int> as_int8(const models::Bytes& b) {
  std::vector<int> out;
  for (uint8_t v : b) out.push_back(static_cast<int8_t>(v));
  return out;
}

std::vector<uint8_t> npy_bytes(const std::string& descr, const std::string& shape, const void* data, size_t size) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  // Assembled as a string: GCC 12 warns falsely on vector inserts after a brace-init.
  std::string text = "\x93NUMPY";
  text += '\x01';
  text += '\x00';
  text += static_cast<char>(header.size() & 0xff);
  text += static_cast<char>(header.size() >> 8);
  text += header;
  text.append(static_cast<const char*>(data), size);
  std::vector<uint8_t> out(text.begin(), text.end());
  return out;
}

}  // namespace

TEST(GoldenFiles, RawInt8InputIsUsedAsIs) {
  TinyModel m("raw");
  const int8_t raw[4] = {-128, -1, 0, 127};
  write_bytes(m.dir / "input" / "0.bin", raw, 4);
  const auto g = models::load_golden(m.info, m.graph);
  ASSERT_EQ(g.num_samples(), 1u);
  EXPECT_EQ(as_int8(g.inputs[0][0]), (std::vector<int>{-128, -1, 0, 127}));
  EXPECT_FALSE(g.exact_outputs);
  EXPECT_FALSE(g.reference_outputs);
}

TEST(GoldenFiles, Float32InputIsQuantizedWithTheTensorParams) {
  TinyModel m("float");
  // scale 0.5, zero point 10: 1.0 -> 2+10; -1.25 -> round(-2.5) = -3 (half away from zero) +10;
  // 100 -> 210 clamps to 127; -100 -> -190 clamps to -128.
  const float x[4] = {1.0f, -1.25f, 100.0f, -100.0f};
  write_bytes(m.dir / "input" / "0.bin", x, sizeof(x));
  const auto g = models::load_golden(m.info, m.graph);
  EXPECT_EQ(as_int8(g.inputs[0][0]), (std::vector<int>{12, 7, 127, -128}));
}

TEST(GoldenFiles, DefinitionQuantizeWinsOverTheTensor) {
  TinyModel m("defq", "network_parameters:\n  input_nodes:\n  - name: x\n    shape: [1, 4]\n    dtype: int8\n"
                      "    example_input: {path: ./input/}\n    quantize: {scale: 0.25, zero_shift: -5, dtype: float32}\n");
  const float x[4] = {1.0f, 0.125f, -0.375f, 2.0f};  // /0.25 -> 4, 0.5, -1.5, 8
  write_bytes(m.dir / "input" / "0.bin", x, sizeof(x));
  const auto g = models::load_golden(m.info, m.graph);
  EXPECT_EQ(as_int8(g.inputs[0][0]), (std::vector<int>{-1, -4, -7, 3}));
}

TEST(GoldenFiles, Uint8PixelsWithNonFloatQuantizeSection) {
  // resnet's convention: quantize {scale 1, zero_shift -128, dtype int8}, data are uint8 pixels.
  TinyModel m("pixels", "network_parameters:\n  input_nodes:\n  - name: x\n    dtype: int8\n"
                        "    example_input: {path: ./input/}\n    quantize: {scale: 1.0, zero_shift: -128, dtype: int8}\n");
  const uint8_t px[4] = {0, 128, 255, 101};
  write_bytes(m.dir / "input" / "0.bin", px, 4);
  const auto g = models::load_golden(m.info, m.graph);
  EXPECT_EQ(as_int8(g.inputs[0][0]), (std::vector<int>{-128, 0, 127, -27}));
}

TEST(GoldenFiles, WrongSizesAreDataErrors) {
  TinyModel m("wrong");
  const uint8_t five[5] = {};
  write_bytes(m.dir / "input" / "0.bin", five, 5);
  try {
    models::load_golden(m.info, m.graph);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Data);
    const std::string msg = e.what();
    EXPECT_NE(msg.find("0.bin"), std::string::npos) << msg;
    EXPECT_NE(msg.find("5 bytes"), std::string::npos) << msg;
    EXPECT_NE(msg.find("4 (raw) or 16 (float32)"), std::string::npos) << msg;
  }
  // A correct input but an exact output of the wrong size.
  const uint8_t four[4] = {};
  write_bytes(m.dir / "input" / "0.bin", four, 4);
  write_bytes(m.dir / "output_tflm" / "0.bin", four, 3);
  m.reload();
  EXPECT_THROW(models::load_golden(m.info, m.graph), Error);
  // An exact output missing for a sample.
  write_bytes(m.dir / "output_tflm" / "0.bin", four, 2);
  write_bytes(m.dir / "input" / "1.bin", four, 4);
  try {
    models::load_golden(m.info, m.graph);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Data);
    EXPECT_NE(std::string(e.what()).find("sample 1"), std::string::npos) << e.what();
  }
}

TEST(GoldenFiles, ReferenceOutputsAreFloatOrDequantized) {
  TinyModel m("refout");
  const int8_t in[4] = {1, 2, 3, 4};
  write_bytes(m.dir / "input" / "0.bin", in, 4);
  write_bytes(m.dir / "input" / "1.bin", in, 4);
  const float ref0[2] = {0.25f, -3.0f};
  write_bytes(m.dir / "output" / "0.bin", ref0, sizeof(ref0));
  // Sample 1 stored as raw int8: dequantized with the output tensor's parameters.
  const int8_t ref1[2] = {5, -7};
  write_bytes(m.dir / "output" / "1.bin", ref1, 2);
  m.reload();
  const auto g = models::load_golden(m.info, m.graph);
  ASSERT_TRUE(g.reference_outputs);
  EXPECT_EQ(g.reference_outputs->at(0).at(0), (std::vector<float>{0.25f, -3.0f}));
  const ir::Tensor& out = m.graph.tensors[static_cast<size_t>(m.graph.outputs[0])];
  const float s = out.quant.scale[0];
  const auto zp = static_cast<float>(out.quant.zero_point[0]);
  EXPECT_FLOAT_EQ(g.reference_outputs->at(1).at(0)[0], (5 - zp) * s);
  EXPECT_FLOAT_EQ(g.reference_outputs->at(1).at(0)[1], (-7 - zp) * s);
}

TEST(GoldenFiles, NpyAndNpzSamples) {
  TinyModel m("npy");
  const float x[4] = {0.5f, 1.5f, -2.0f, 3.25f};
  const auto npy = npy_bytes("<f4", "(1, 4)", x, sizeof(x));
  write_bytes(m.dir / "input" / "0.npy", npy.data(), npy.size());
  write_bytes(m.dir / "input" / "1.npz", kNpzFloatDeflate, sizeof(kNpzFloatDeflate));
  write_bytes(m.dir / "input" / "2.npz", kNpzFloatStored, sizeof(kNpzFloatStored));
  const auto g = models::load_golden(m.info, m.graph);
  ASSERT_EQ(g.num_samples(), 3u);
  // /0.5 + 10: 1+10, 3+10, -4+10, round(6.5)=7 +10
  const std::vector<int> expected = {11, 13, 6, 17};
  for (size_t s = 0; s < 3; ++s) EXPECT_EQ(as_int8(g.inputs[s][0]), expected) << s;
}

TEST(GoldenFiles, NpyParserChecksItsInput) {
  const int16_t v[3] = {1, -2, 300};
  const auto ok = models::parse_npy(npy_bytes("<i2", "(3,)", v, sizeof(v)), "a.npy");
  EXPECT_EQ(ok.dtype, ir::DType::Int16);
  EXPECT_EQ(ok.shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(ok.data.size(), 6u);
  const double d[2] = {0.5, -1.0};
  const auto f64 = models::parse_npy(npy_bytes("<f8", "(2,)", d, sizeof(d)), "d.npy");
  EXPECT_EQ(f64.dtype, ir::DType::Float32);
  float f[2];
  std::memcpy(f, f64.data.data(), 8);
  EXPECT_EQ(f[0], 0.5f);
  EXPECT_EQ(f[1], -1.0f);
  EXPECT_THROW(models::parse_npy(npy_bytes("<i2", "(4,)", v, sizeof(v)), "short.npy"), Error);
  EXPECT_THROW(models::parse_npy(npy_bytes("<c8", "(3,)", v, sizeof(v)), "complex.npy"), Error);
  EXPECT_THROW(models::parse_npy({0x93, 'N', 'U'}, "tiny.npy"), Error);
  auto bytes = npy_bytes("<i2", "(3,)", v, sizeof(v));
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_THROW(models::parse_npy({bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len)}, "cut.npy"), Error);
  }
}

TEST(GoldenFiles, DynamicHuffmanNpz) {
  const std::vector<uint8_t> archive(std::begin(kNpzInt8Deflate), std::end(kNpzInt8Deflate));
  const auto members = models::read_zip(archive, "big.npz");
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].name, "input_1.npy");
  const auto a = models::parse_npy(members[0].data, "input_1.npy");
  ASSERT_EQ(a.data.size(), 640u);
  int sum = 0;
  for (uint8_t v : a.data) sum += static_cast<int8_t>(v);
  EXPECT_EQ(sum, -4409);
  EXPECT_EQ(static_cast<int8_t>(a.data[0]), -36);
  EXPECT_EQ(static_cast<int8_t>(a.data[639]), 1);
}

TEST(GoldenFiles, CorruptArchivesAreDataErrors) {
  const std::vector<uint8_t> archive(std::begin(kNpzInt8Deflate), std::end(kNpzInt8Deflate));
  for (size_t len = 0; len < archive.size(); len += 7) {
    EXPECT_THROW(models::read_zip({archive.begin(), archive.begin() + static_cast<std::ptrdiff_t>(len)}, "cut.npz"), Error);
  }
  int rejected = 0;
  for (size_t pos = 0; pos < archive.size(); ++pos) {
    auto flipped = archive;
    flipped[pos] ^= static_cast<uint8_t>(1u << (pos % 8));
    try {
      models::read_zip(flipped, "flip.npz");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Data);
      ++rejected;
    }
  }
  // Flips in compressed data are caught by inflate or the CRC; only a few header fields
  // (timestamps, version-made-by) do not matter.
  EXPECT_GT(rejected, static_cast<int>(archive.size()) / 2);
}

TEST(GoldenFiles, Crc32KnownValue) {
  const std::string text = "123456789";  // the standard CRC-32 check value
  EXPECT_EQ(models::crc32(reinterpret_cast<const uint8_t*>(text.data()), text.size()), 0xcbf43926u);
}

TEST(GoldenFiles, SyntheticInputsAreDeterministic) {
  const auto demo = modelbuilder::demo_models();
  const ir::Graph& g = demo.at(0).graph;
  const auto a = models::synthetic_inputs(g, 3);
  const auto b = models::synthetic_inputs(g, 3);
  ASSERT_EQ(a.num_samples(), 3u);
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_NE(a.inputs[0], a.inputs[1]);
  EXPECT_EQ(a.inputs[0][0].size(), 16u * 16u);
}

TEST(GoldenFiles, DemoZooLoadsLikeAnyZoo) {
  const fs::path dir = fresh_dir("demozoo");
  const auto names = modelbuilder::write_demo_models(dir);
  EXPECT_EQ(names, (std::vector<std::string>{"demo_convnet", "demo_autoencoder", "demo_resnet", "demo_sine",
                                             "demo_convnet_qop", "demo_convnet_qdq", "demo_sine_onnx"}));
  const auto found = models::discover_models({dir});
  ASSERT_EQ(found.size(), 7u);
  for (const auto& info : found) {
    SCOPED_TRACE(info.name);
    const ir::Graph g = frontends::load_model(info.model_file);
    ASSERT_EQ(info.inputs.size(), 1u);
    EXPECT_EQ(info.inputs[0].name, g.tensors[static_cast<size_t>(g.inputs[0])].name);
    const auto golden = models::load_golden(info, g);
    EXPECT_GE(golden.num_samples(), 3u);
    // Inputs are stored raw, so they are exactly the synthetic samples.
    EXPECT_EQ(golden.inputs, models::synthetic_inputs(g, golden.num_samples()).inputs);
  }
  fs::remove_all(dir);
}

namespace mlonmcu {
namespace {

// export_outputs writes .npy files as numpy.save does: version 1.0, the dict header padded with
// spaces to end at a multiple of 64 bytes (here 128: 10 + 60 + 1 > 64) with a newline, then the data.
TEST(GoldenFiles, WriteNpyAsNumpySavesIt) {
  models::NpyArray a;
  a.dtype = ir::DType::Int8;
  a.shape = {1, 3};
  a.data = {1, 0xfe, 3};
  const std::vector<uint8_t> bytes = models::write_npy(a);
  ASSERT_EQ(bytes.size(), 128u + 3u);
  const std::string header(bytes.begin() + 10, bytes.begin() + 128);
  const std::string dict = "{'descr': '|i1', 'fortran_order': False, 'shape': (1, 3), }";
  EXPECT_EQ(header, dict + std::string(128 - 10 - dict.size() - 1, ' ') + "\n");
  EXPECT_EQ(bytes[6], 1);  // version 1.0
  EXPECT_EQ(bytes[8] | (bytes[9] << 8), 118);
  EXPECT_EQ(bytes[128], 1);
  EXPECT_EQ(bytes[129], 0xfe);
  const auto back = models::parse_npy(bytes, "written.npy");
  EXPECT_EQ(back.dtype, ir::DType::Int8);
  EXPECT_EQ(back.shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(back.data, a.data);
  models::NpyArray one;
  one.dtype = ir::DType::Float32;
  one.shape = {2};
  one.data.assign(8, 0);
  const auto v = models::write_npy(one);
  EXPECT_NE(std::string(v.begin(), v.end()).find("'shape': (2,), }"), std::string::npos);  // a 1-tuple
  EXPECT_EQ(models::parse_npy(v, "f.npy").shape, (std::vector<int64_t>{2}));
}

}  // namespace
}  // namespace mlonmcu
