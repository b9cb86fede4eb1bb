// A small C++ API to build models for tests, benchmarks and the demo zoo: tensors, constants
// and operators by hand, plus layer helpers (conv, depthwise conv, fully connected, pooling, add,
// softmax, reshape) that create int8 (or float32) weights from a seeded pseudo-random generator.
// The same seed always gives the same model, bit for bit, on every platform.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::modelbuilder {

// SplitMix64: tiny, portable, and fully specified (std:: distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  int32_t uniform_int(int32_t lo, int32_t hi);  // inclusive
  float uniform_float(float lo, float hi);

 private:
  uint64_t state_;
};

ir::Quantization per_tensor(float scale, int64_t zero_point);

class GraphBuilder {
 public:
  explicit GraphBuilder(std::string name, uint64_t seed = 1);

  // --- plain construction ---
  int32_t add_tensor(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                     ir::Quantization quant = {});
  int32_t add_const(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                    std::vector<uint8_t> data, ir::Quantization quant = {});
  int32_t add_const_int8(const std::string& name, std::vector<int32_t> shape,
                         const std::vector<int8_t>& values, ir::Quantization quant);
  int32_t add_const_int32(const std::string& name, std::vector<int32_t> shape,
                          const std::vector<int32_t>& values, ir::Quantization quant = {});
  int32_t add_const_float(const std::string& name, std::vector<int32_t> shape,
                          const std::vector<float>& values);
  void add_op(ir::OpType type, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
              ir::Options options = ir::NoOptions{}, std::string type_name = "");
  void add_input(int32_t tensor) { graph_.inputs.push_back(tensor); }
  void add_output(int32_t tensor) { graph_.outputs.push_back(tensor); }

  // --- layers: take the input tensor, return the output tensor ---
  // For int8 inputs the weights are per-channel symmetric int8, the bias int32 with scale
  // input_scale * weight_scale; without `out_quant` the output scale is picked from the
  // weights so typical activations use a good part of the int8 range. Float inputs get float
  // weights.
  int32_t input(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                ir::Quantization quant = {});
  int32_t conv2d(int32_t x, int32_t out_channels, int32_t kernel_h, int32_t kernel_w,
                 int32_t stride, ir::Padding padding, ir::Activation act,
                 std::optional<ir::Quantization> out_quant = std::nullopt, int32_t groups = 1);
  int32_t depthwise_conv2d(int32_t x, int32_t kernel_h, int32_t kernel_w, int32_t stride,
                           ir::Padding padding, ir::Activation act,
                           std::optional<ir::Quantization> out_quant = std::nullopt);
  int32_t fully_connected(int32_t x, int32_t units, ir::Activation act,
                          std::optional<ir::Quantization> out_quant = std::nullopt);
  int32_t average_pool(int32_t x, int32_t filter, int32_t stride, ir::Padding padding);
  int32_t max_pool(int32_t x, int32_t filter, int32_t stride, ir::Padding padding);
  int32_t add(int32_t a, int32_t b, ir::Activation act,
              std::optional<ir::Quantization> out_quant = std::nullopt);
  int32_t softmax(int32_t x, float beta = 1.0f);
  int32_t reshape(int32_t x, std::vector<int32_t> new_shape);

  ir::Graph& graph() { return graph_; }
  ir::Graph build() const { return graph_; }
  Rng& rng() { return rng_; }

 private:
  const ir::Tensor& tensor(int32_t index) const;
  std::string next_name(const std::string& kind);
  // Weights [dims...] with `channels` output channels along `axis`; returns (weights, bias).
  std::pair<int32_t, int32_t> make_weights(const std::string& base, const ir::Tensor& x,
                                           std::vector<int32_t> shape, int32_t axis,
                                           int32_t channels);
  ir::Quantization auto_output_quant(const ir::Tensor& x, int32_t weights, int64_t fan_in,
                                     ir::Activation act) const;
  int32_t pool(ir::OpType type, int32_t x, int32_t filter, int32_t stride, ir::Padding padding);

  ir::Graph graph_;
  Rng rng_;
  int counter_ = 0;
};

// Output size of a conv/pool window along one dimension, as TFLite computes it.
int32_t window_output_size(int32_t in, int32_t filter, int32_t stride, int32_t dilation,
                           ir::Padding padding);

}  // namespace mlonmcu::modelbuilder
