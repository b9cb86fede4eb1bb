// The ONNX frontend on models the model builder exports (float, QOperator, QDQ): read back,
// lowered and run in-process with the C runtime, outputs against onnxruntime; and the float
// import against the same network's IR (the TFLite path).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "frontends/frontend.h"
#include "frontends/onnx_oracle.h"
#include "models/golden.h"
#include "modelbuilder/onnx_writer.h"

namespace mlonmcu::test {
namespace {

namespace fs = std::filesystem;
using modelbuilder::OnnxStyle;

std::vector<float> as_floats(const Bytes& b) {
  std::vector<float> v(b.size() / 4);
  if (!v.empty()) std::memcpy(v.data(), b.data(), b.size());
  return v;
}

void expect_close(const Bytes& got, const Bytes& want, float tol, const std::string& where) {
  ASSERT_EQ(got.size(), want.size()) << where;
  const auto g = as_floats(got), w = as_floats(want);
  for (size_t i = 0; i < g.size(); ++i)
    ASSERT_NEAR(g[i], w[i], tol * (1.0f + std::fabs(w[i]))) << where << " element " << i;
}

struct Case {
  std::string net;
  OnnxStyle style;
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return info.param.net + "_" + modelbuilder::onnx_style_name(info.param.style);
}

class OnnxModel : public ::testing::TestWithParam<Case> {};

TEST_P(OnnxModel, RunsLikeOnnxruntime) {
  const Case c = GetParam();
  const ir::DType dtype = c.style == OnnxStyle::Float ? ir::DType::Float32 : ir::DType::Int8;
  const ir::Graph net = onnx_test_net(c.net, dtype);
  const fs::path work = fs::path(MLONMCU_TEST_BINARY_DIR) / "onnx_work" / case_name({c, 0});
  fs::create_directories(work);
  const fs::path file = work / "model.onnx";
  modelbuilder::write_onnx_file(net, c.style, file);
  const ir::Graph imported = frontends::load_onnx(file);
  // Quantized styles: every conv, FC and max pool becomes an integer op (QDQ folded).
  for (const auto& op : imported.ops) {
    if (c.style == OnnxStyle::Float) break;
    if (op.type == ir::OpType::Conv2D || op.type == ir::OpType::DepthwiseConv2D ||
        op.type == ir::OpType::FullyConnected || op.type == ir::OpType::MaxPool2D || op.type == ir::OpType::Reshape) {
      EXPECT_EQ(imported.tensors[static_cast<size_t>(op.inputs[0])].dtype, ir::DType::Int8) << op.type_name << " not folded";
    }
  }
  const backends::interp::Blob blob = backends::interp::lower_and_write_blob(imported);
  const backends::interp::Blob direct = backends::interp::lower_and_write_blob(net);
  const std::string missing = onnxruntime_missing();
  const models::GoldenData samples = models::synthetic_inputs(net, 2);
  // onnxruntime's optimized graph ("all") fuses DequantizeLinear → Softmax → QuantizeLinear
  // into its QLinearSoftmax, which wraps a probability of ~1.0 to -128 where QuantizeLinear
  // saturates to 127; nets with a quantized softmax are compared with its plain graph only.
  std::vector<std::string> levels = {"disabled"};
  if (c.net != "convnet" || c.style == OnnxStyle::Float) levels.push_back("all");
  struct Check {
    size_t sample;
    std::string level;
    size_t job;
  };
  std::vector<Bytes> ours;
  std::vector<Check> checks;
  OnnxruntimeBatch oracle(work / "ort");
  for (size_t s = 0; s < samples.num_samples(); ++s) {
    const Bytes nhwc = samples.inputs[s].at(0);
    const Bytes nchw = modelbuilder::nhwc_to_nchw(nhwc, net.tensors[static_cast<size_t>(net.inputs[0])].shape,
                                                  ir::dtype_size(dtype));
    const auto out = backends::interp::run_blob_in_process(blob, {nchw});
    ASSERT_EQ(out.size(), 1u);
    ours.push_back(out[0]);
    const ir::Tensor& out_t = net.tensors[static_cast<size_t>(net.outputs[0])];
    const Bytes ir_out = modelbuilder::nhwc_to_nchw(backends::interp::run_blob_in_process(direct, {nhwc}).at(0),
                                                    out_t.shape, ir::dtype_size(dtype));
    if (c.style == OnnxStyle::Float) expect_close(ours[s], ir_out, 1e-5f, "vs the IR (TFLite path)");
    if (!missing.empty()) continue;
    for (const std::string& level : levels) checks.push_back({s, level, oracle.add(file, {nchw}, level)});
  }
  if (!checks.empty()) oracle.run();
  for (const Check& check : checks) {
    const auto& ort = oracle.outputs(check.job);
    const Bytes& got = ours[check.sample];
    const std::string where = "sample " + std::to_string(check.sample) + " vs onnxruntime " + check.level;
    ASSERT_EQ(ort.size(), 1u);
    if (c.style == OnnxStyle::Float) {
      expect_close(got, ort[0], 1e-5f, where);
      continue;
    }
    ASSERT_EQ(got.size(), ort[0].size());
    // Integer ops are exact; an average pool between Dequantize and Quantize is a float
    // sum whose last bit (summation order) can move a value that quantizes to a tie.
    int max_diff = 0;
    std::string diffs;
    for (size_t i = 0; i < got.size(); ++i) {
      max_diff = std::max(max_diff, std::abs(static_cast<int8_t>(got[i]) - static_cast<int8_t>(ort[0][i])));
      if (got[i] != ort[0][i])
        diffs += " [" + std::to_string(i) + "] " + std::to_string(static_cast<int8_t>(got[i])) + " vs " +
                 std::to_string(static_cast<int8_t>(ort[0][i]));
    }
    EXPECT_LE(max_diff, c.net == "pooled" ? 1 : 0) << where << ":" << diffs;
  }
  if (!missing.empty()) GTEST_SKIP() << "checked against the IR only: " << missing;
}

INSTANTIATE_TEST_SUITE_P(Builder, OnnxModel,
                         ::testing::Values(Case{"convnet", OnnxStyle::Float}, Case{"resnet", OnnxStyle::Float},
                                           Case{"convnet", OnnxStyle::QOperator}, Case{"resnet", OnnxStyle::QOperator},
                                           Case{"convnet", OnnxStyle::QDQ}, Case{"resnet", OnnxStyle::QDQ},
                                           Case{"pooled", OnnxStyle::QOperator}, Case{"pooled", OnnxStyle::QDQ}),
                         case_name);

}  // namespace
}  // namespace mlonmcu::test
