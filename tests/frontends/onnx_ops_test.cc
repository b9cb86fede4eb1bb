// Hand-written ONNX graphs for the converters the model builder's networks do not use (batch
// norm, asymmetric pads, concat, transpose, flatten of an NCHW image, broadcast constants,
// global pooling, MatMul, Clip, Sigmoid, Tanh, QLinearMatMul), each run against onnxruntime.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "frontends/frontend.h"
#include "frontends/onnx_oracle.h"
#include "modelbuilder/builder.h"

namespace mlonmcu::test {
namespace {

namespace fs = std::filesystem;

// A tiny ONNX graph builder over the protobuf classes.
class OnnxGraph {
 public:
  explicit OnnxGraph(int64_t opset = 13) {
    m_.set_ir_version(7);
    auto* o = m_.add_opset_import();
    o->set_domain("");
    o->set_version(opset);
    m_.mutable_graph()->set_name("g");
  }
  void input(const std::string& name, int32_t elem, std::vector<int64_t> dims) { value(m_.mutable_graph()->add_input(), name, elem, dims); }
  void output(const std::string& name, int32_t elem, std::vector<int64_t> dims) { value(m_.mutable_graph()->add_output(), name, elem, dims); }
  void floats(const std::string& name, std::vector<int64_t> dims, float lo, float hi) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = rng_.uniform_float(lo, hi);
    raw(name, onnx::TensorProto_DataType_FLOAT, dims, v.data(), v.size() * 4);
  }
  void raw(const std::string& name, int32_t elem, std::vector<int64_t> dims, const void* data, size_t bytes) {
    auto* t = m_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(elem);
    for (int64_t d : dims) t->add_dims(d);
    t->set_raw_data(data, bytes);
  }
  void ints64(const std::string& name, std::vector<int64_t> v) {
    raw(name, onnx::TensorProto_DataType_INT64, {static_cast<int64_t>(v.size())}, v.data(), v.size() * 8);
  }
  onnx::NodeProto* node(const std::string& op, std::vector<std::string> in, std::vector<std::string> out) {
    auto* n = m_.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(op + "_" + out[0]);
    for (auto& s : in) n->add_input(s);
    for (auto& s : out) n->add_output(s);
    return n;
  }
  static void ints(onnx::NodeProto* n, const std::string& a, std::vector<int64_t> v) {
    auto* p = n->add_attribute();
    p->set_name(a);
    p->set_type(onnx::AttributeProto_AttributeType_INTS);
    for (int64_t x : v) p->add_ints(x);
  }
  static void i(onnx::NodeProto* n, const std::string& a, int64_t v) {
    auto* p = n->add_attribute();
    p->set_name(a);
    p->set_type(onnx::AttributeProto_AttributeType_INT);
    p->set_i(v);
  }
  fs::path save(const std::string& name) const {
    const fs::path dir = fs::path(MLONMCU_TEST_BINARY_DIR) / "onnx_ops" / name;
    fs::create_directories(dir);
    std::string s;
    m_.SerializeToString(&s);
    write_bytes(dir / "model.onnx", Bytes(s.begin(), s.end()));
    return dir / "model.onnx";
  }

 private:
  static void value(onnx::ValueInfoProto* v, const std::string& name, int32_t elem, const std::vector<int64_t>& dims) {
    v->set_name(name);
    auto* tt = v->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elem);
    for (int64_t d : dims) tt->mutable_shape()->add_dim()->set_dim_value(d);
  }
  onnx::ModelProto m_;
  modelbuilder::Rng rng_{5};
};

constexpr int32_t kF = onnx::TensorProto_DataType_FLOAT;

// Runs the model in-process and with onnxruntime on a seeded input; float within 1e-5
// (relative), int8 exactly.
void expect_like_onnxruntime(const fs::path& file, size_t input_bytes, bool int8) {
  const ir::Graph g = frontends::load_onnx(file);
  const auto blob = backends::interp::lower_and_write_blob(g);
  if (const std::string why = onnxruntime_missing(); !why.empty()) GTEST_SKIP() << "imported and lowered only: " << why;
  modelbuilder::Rng rng(9);
  Bytes input(input_bytes);
  if (int8) {
    for (auto& b : input) b = static_cast<uint8_t>(rng.uniform_int(-128, 127));
  } else {
    for (size_t k = 0; k < input.size() / 4; ++k) {
      const float v = rng.uniform_float(-2.0f, 2.0f);
      std::memcpy(input.data() + k * 4, &v, 4);
    }
  }
  const auto ours = backends::interp::run_blob_in_process(blob, {input});
  const auto ort = run_onnxruntime(file, {input}, file.parent_path() / "ort");
  ASSERT_EQ(ours.size(), ort.size());
  for (size_t o = 0; o < ours.size(); ++o) {
    ASSERT_EQ(ours[o].size(), ort[o].size()) << "output " << o;
    if (int8) {
      EXPECT_EQ(ours[o], ort[o]) << "output " << o;
      continue;
    }
    for (size_t k = 0; k < ours[o].size() / 4; ++k) {
      float a, b;
      std::memcpy(&a, ours[o].data() + k * 4, 4);
      std::memcpy(&b, ort[o].data() + k * 4, 4);
      ASSERT_NEAR(a, b, 1e-5f * (1.0f + std::fabs(b))) << "output " << o << " element " << k;
    }
  }
}

TEST(OnnxOps, BatchNormPadsConcatTransposeFlatten) {
  OnnxGraph m;
  m.input("x", kF, {1, 3, 7, 6});
  m.floats("w", {4, 3, 3, 3}, -0.5f, 0.5f);
  m.floats("b", {4}, -0.1f, 0.1f);
  auto* conv = m.node("Conv", {"x", "w", "b"}, {"c"});
  OnnxGraph::ints(conv, "pads", {0, 1, 2, 1});  // asymmetric: not TFLite's SAME, a PAD op
  m.floats("scale", {4}, 0.5f, 1.5f);
  m.floats("bias", {4}, -0.2f, 0.2f);
  m.floats("mean", {4}, -0.3f, 0.3f);
  m.floats("var", {4}, 0.5f, 2.0f);
  m.node("BatchNormalization", {"c", "scale", "bias", "mean", "var"}, {"bn"});  // folded
  m.node("Relu", {"bn"}, {"r"});
  m.floats("k", {4, 1, 1}, -1.0f, 1.0f);  // broadcast over NCHW channels
  m.node("Mul", {"r", "k"}, {"scaled"});
  m.node("Sigmoid", {"scaled"}, {"s"});
  auto* cat = m.node("Concat", {"scaled", "s"}, {"cat"});
  OnnxGraph::i(cat, "axis", 1);
  auto* tr = m.node("Transpose", {"cat"}, {"t"});
  OnnxGraph::ints(tr, "perm", {0, 2, 1, 3});
  m.node("Tanh", {"t"}, {"th"});
  m.node("Flatten", {"th"}, {"flat"});  // NCHW element order across the layout change
  m.floats("mm", {8 * 7 * 6, 5}, -0.1f, 0.1f);
  m.node("MatMul", {"flat", "mm"}, {"y"});
  m.output("y", kF, {1, 5});
  m.output("t", kF, {1, 7, 8, 6});  // a rank-4 output: NCHW at the interface
  expect_like_onnxruntime(m.save("bn_pads"), 3 * 7 * 6 * 4, false);
}

TEST(OnnxOps, GlobalPoolGemmClipAndUnfoldedBatchNorm) {
  OnnxGraph m;
  m.input("x", kF, {1, 4, 5, 5});
  m.floats("scale", {4}, 0.5f, 1.5f);
  m.floats("bias", {4}, -0.2f, 0.2f);
  m.floats("mean", {4}, -0.3f, 0.3f);
  m.floats("var", {4}, 0.5f, 2.0f);
  m.node("BatchNormalization", {"x", "scale", "bias", "mean", "var"}, {"bn"});  // no conv before it
  m.floats("lo", {}, 0.0f, 0.0f);
  m.raw("six", kF, {}, std::vector<float>{6.0f}.data(), 4);
  m.node("Clip", {"bn", "lo", "six"}, {"clip"});
  auto* pool = m.node("AveragePool", {"clip"}, {"ap"});
  OnnxGraph::ints(pool, "kernel_shape", {3, 3});
  OnnxGraph::ints(pool, "pads", {1, 1, 1, 1});
  OnnxGraph::i(pool, "count_include_pad", 1);
  auto* mp = m.node("MaxPool", {"ap"}, {"mp"});
  OnnxGraph::ints(mp, "kernel_shape", {2, 2});
  OnnxGraph::ints(mp, "strides", {2, 2});
  m.node("GlobalAveragePool", {"mp"}, {"gap"});
  m.ints64("shape", {1, 4});
  m.node("Reshape", {"gap", "shape"}, {"flat"});
  m.floats("B", {3, 4}, -1.0f, 1.0f);
  m.floats("C", {3}, -1.0f, 1.0f);
  auto* gemm = m.node("Gemm", {"flat", "B", "C"}, {"g"});
  OnnxGraph::i(gemm, "transB", 1);
  m.node("Softmax", {"g"}, {"y"});
  m.output("y", kF, {1, 3});
  expect_like_onnxruntime(m.save("gap_gemm"), 4 * 5 * 5 * 4, false);
}

TEST(OnnxOps, QLinearMatMulWithPerColumnScales) {
  OnnxGraph m;
  constexpr int32_t kI8 = onnx::TensorProto_DataType_INT8;
  m.input("x", kI8, {2, 6});
  modelbuilder::Rng rng(3);
  std::vector<int8_t> b(6 * 4);
  for (auto& v : b) v = static_cast<int8_t>(rng.uniform_int(-127, 127));
  m.raw("b", kI8, {6, 4}, b.data(), b.size());
  const float xs = 0.05f, ys = 0.4f;
  const std::vector<float> bs = {0.01f, 0.02f, 0.015f, 0.03f};
  const int8_t xz = 3, yz = -7;
  const std::vector<int8_t> bz(4, 0);
  m.raw("xs", kF, {}, &xs, 4);
  m.raw("xz", kI8, {}, &xz, 1);
  m.raw("bs", kF, {4}, bs.data(), 16);
  m.raw("bz", kI8, {4}, bz.data(), 4);
  m.raw("ys", kF, {}, &ys, 4);
  m.raw("yz", kI8, {}, &yz, 1);
  m.node("QLinearMatMul", {"x", "xs", "xz", "b", "bs", "bz", "ys", "yz"}, {"y"});
  m.output("y", kI8, {2, 4});
  expect_like_onnxruntime(m.save("qlinear_matmul"), 12, true);
}

}  // namespace
}  // namespace mlonmcu::test
