// Test helpers for the ONNX frontend: onnxruntime (npm's onnxruntime-node, CPU) as the oracle,
// and the networks the tests export as ONNX. Tests skip visibly when the oracle is not
// installed (scripts/install_deps.sh installs it with `npm ci --ignore-scripts`).
#pragma once

#include <nlohmann/json.hpp>
#include <onnx/onnx_pb.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "common/process.h"
#include "ir/graph.h"
#include "modelbuilder/builder.h"

namespace mlonmcu::test {

using Bytes = std::vector<uint8_t>;

inline std::filesystem::path onnxruntime_dir() {
  return std::filesystem::path(MLONMCU_SOURCE_DIR).parent_path() / "tests" / "frontends" / "onnxruntime";
}

// Empty when the oracle can run, else why not (for GTEST_SKIP).
inline std::string onnxruntime_missing() {
  if (!std::filesystem::exists(onnxruntime_dir() / "node_modules" / "onnxruntime-node"))
    return "onnxruntime-node is not installed (cd " + onnxruntime_dir().string() + " && npm ci --ignore-scripts)";
  const ProcessResult r = run_process({"node", "--version"});
  if (!r.ok()) return "node is not installed";
  return "";
}

inline Bytes read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::filesystem::path& p, const Bytes& b) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

inline const char* ort_dtype(int32_t elem_type) {
  switch (elem_type) {
    case onnx::TensorProto_DataType_FLOAT: return "float32";
    case onnx::TensorProto_DataType_INT8: return "int8";
    case onnx::TensorProto_DataType_UINT8: return "uint8";
    default: return "int32";
  }
}

// Runs models with onnxruntime, many runs in one node process: add() queues a run on one
// sample (inputs in the ONNX model's layout), run() runs them all, outputs() gives a run's
// outputs as raw bytes. level: "disabled" (each node as defined) or "all".
class OnnxruntimeBatch {
 public:
  explicit OnnxruntimeBatch(std::filesystem::path work) : work_(std::move(work)) {}

  size_t add(const std::filesystem::path& model, const std::vector<Bytes>& inputs,
             const std::string& level = "disabled") {
    onnx::ModelProto m;
    const Bytes file = read_bytes(model);
    if (!m.ParseFromArray(file.data(), static_cast<int>(file.size())))
      throw std::runtime_error("cannot parse " + model.string());
    const size_t index = jobs_.size();
    const std::filesystem::path dir = work_ / std::to_string(index);
    std::filesystem::create_directories(dir);
    nlohmann::json job = {{"model", model.string()}, {"level", level}, {"out_dir", dir.string()},
                          {"inputs", nlohmann::json::array()}};
    std::set<std::string> inits;
    for (const auto& t : m.graph().initializer()) inits.insert(t.name());
    size_t k = 0;
    for (const auto& v : m.graph().input()) {
      if (inits.count(v.name())) continue;
      const std::filesystem::path f = dir / ("in" + std::to_string(k) + ".bin");
      write_bytes(f, inputs.at(k++));
      std::vector<int64_t> dims;
      for (const auto& d : v.type().tensor_type().shape().dim()) dims.push_back(d.dim_value());
      job["inputs"].push_back({{"name", v.name()}, {"dtype", ort_dtype(v.type().tensor_type().elem_type())},
                               {"dims", dims}, {"file", f.string()}});
    }
    jobs_.push_back(std::move(job));
    num_outputs_.push_back(static_cast<size_t>(m.graph().output_size()));
    return index;
  }

  void run() {
    const std::filesystem::path list = work_ / "jobs.json";
    std::ofstream(list) << jobs_.dump();
    ProcessOptions opt;
    opt.timeout = std::chrono::seconds(120);
    const ProcessResult r = run_process({"node", (onnxruntime_dir() / "run_model.js").string(), list.string()}, opt);
    if (!r.ok()) throw std::runtime_error("onnxruntime failed: " + r.describe() + ": " + r.err);
    outputs_.clear();
    for (size_t j = 0; j < jobs_.size(); ++j) {
      std::vector<Bytes> outs;
      for (size_t o = 0; o < num_outputs_[j]; ++o)
        outs.push_back(read_bytes(work_ / std::to_string(j) / (std::to_string(o) + ".bin")));
      outputs_.push_back(std::move(outs));
    }
  }

  const std::vector<Bytes>& outputs(size_t job) const { return outputs_.at(job); }

 private:
  std::filesystem::path work_;
  nlohmann::json jobs_ = nlohmann::json::array();
  std::vector<size_t> num_outputs_;
  std::vector<std::vector<Bytes>> outputs_;
};

// One run in its own node process.
inline std::vector<Bytes> run_onnxruntime(const std::filesystem::path& model, const std::vector<Bytes>& inputs,
                                          const std::filesystem::path& work, const std::string& level = "disabled") {
  OnnxruntimeBatch batch(work);
  const size_t job = batch.add(model, inputs, level);
  batch.run();
  return batch.outputs(job);
}

// Networks with every layer kind the ONNX writer exports, float32 or int8.
inline ir::Graph onnx_test_net(const std::string& kind, ir::DType dtype) {
  using ir::Activation;
  using ir::Padding;
  using modelbuilder::per_tensor;
  const bool q = dtype == ir::DType::Int8;
  modelbuilder::GraphBuilder b(kind + (q ? "_int8" : "_f32"), 77);
  if (kind == "convnet") {  // conv, depthwise, grouped conv, pooling, gemm, softmax
    int32_t x = b.input("input", dtype, {1, 12, 12, 3}, q ? per_tensor(1.0f / 64, -5) : ir::Quantization{});
    x = b.conv2d(x, 8, 3, 3, 2, Padding::Same, Activation::Relu);
    x = b.depthwise_conv2d(x, 3, 3, 1, Padding::Same, Activation::Relu6);
    x = b.conv2d(x, 8, 3, 3, 1, Padding::Valid, Activation::None, std::nullopt, 2);
    x = b.max_pool(x, 2, 2, Padding::Valid);
    x = b.reshape(x, {1, 32});
    x = b.fully_connected(x, 6, Activation::Relu);
    x = b.fully_connected(x, 4, Activation::None);
    b.add_output(b.softmax(x));
  } else {  // resnet: residual add, a stride-2 conv; "pooled" adds an average pool
    int32_t x = b.input("input", dtype, {1, 8, 8, 4}, q ? per_tensor(1.0f / 50, 3) : ir::Quantization{});
    const int32_t stem = b.conv2d(x, 8, 3, 3, 1, Padding::Same, Activation::Relu);
    int32_t y = b.conv2d(stem, 8, 3, 3, 1, Padding::Same, Activation::Relu);
    y = b.conv2d(y, 8, 1, 1, 1, Padding::Same, Activation::None);
    y = b.add(stem, y, Activation::Relu);
    y = b.conv2d(y, 6, 3, 3, 2, Padding::Same, Activation::None);
    b.add_output(kind == "pooled" ? b.average_pool(y, 2, 2, Padding::Valid) : y);
  }
  return b.build();
}

}  // namespace mlonmcu::test
