// SVDF: float32 (random activation), int8 with int16 weights_time and state (the
// usual scheme) and int8 with int8 ones; random batch, input size, units, rank and memory size.
// One to three SVDF ops share one state tensor, each with its own input and weights, so the
// later ones read a state the earlier ones shifted and filled: within one inference that is
// what the state holds after as many inferences (tests/lowering/svdf_state_test.cc checks that
// equivalence across inferences). Scales keep the requantized feature values mostly inside the
// state's range (some saturate) and every int32 sum far from overflow.
#include <cstring>

#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

// A constant of n integers in [-range, range] of the dtype with this quantization.
int32_t int_const(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, std::vector<int32_t> shape,
                  int32_t range, ir::Quantization quant) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  const size_t size = ir::dtype_size(dtype);
  std::vector<uint8_t> data(static_cast<size_t>(n) * size);
  for (int64_t i = 0; i < n; ++i) {
    const int32_t v = rng.uniform_int(-range, range);
    uint8_t* p = data.data() + static_cast<size_t>(i) * size;
    if (dtype == DType::Int8) *p = static_cast<uint8_t>(static_cast<int8_t>(v));
    else if (dtype == DType::Int16) { const auto v16 = static_cast<int16_t>(v); std::memcpy(p, &v16, 2); }
    else std::memcpy(p, &v, 4);
  }
  return b.add_const(name, dtype, std::move(shape), std::move(data), std::move(quant));
}

// time: the dtype of weights_time and the state (float32 for the float variant).
OpCase svdf(Rng& rng, DType dtype, DType time) {
  GraphBuilder b("svdf", rng.next());
  const int32_t batch = rng.uniform_int(1, 3), input_size = rng.uniform_int(1, 8);
  const int32_t units = rng.uniform_int(1, 4), rank = rng.uniform_int(1, 3), memory = rng.uniform_int(1, 6);
  const int32_t filters = units * rank, steps = rng.uniform_int(1, 3);
  const bool quantized = dtype == DType::Int8, wide = time == DType::Int16;
  // The state's scale relative to input x weights_feature (int8: fewer integer steps to fill).
  const float state_scale = quantized ? random_scale(rng, -16, -8) : 0.0f;
  ir::Quantization state_quant;
  if (quantized) state_quant = modelbuilder::per_tensor(state_scale, wide ? 0 : rng.uniform_int(-20, 20));
  const int32_t state = b.add_tensor("state", time, {batch, memory * filters}, state_quant);
  b.graph().tensors[static_cast<size_t>(state)].is_variable = true;
  for (int32_t s = 0; s < steps; ++s) {
    const std::string k = std::to_string(s);
    ir::SvdfOptions o;
    o.rank = rank;
    static const ir::Activation kActs[] = {ir::Activation::None, ir::Activation::Relu, ir::Activation::ReluN1To1,
                                           ir::Activation::Relu6, ir::Activation::Tanh, ir::Activation::SignBit};
    o.activation = kActs[rng.uniform_int(0, 5)];  // int8: TFLM ignores it, so must we
    int32_t x, feature, weights_time, bias = -1, out;
    if (!quantized) {
      x = input(b, rng, "x" + k, dtype, {batch, input_size});
      feature = random_const(b, rng, "weights_feature" + k, dtype, {filters, input_size});
      weights_time = random_const(b, rng, "weights_time" + k, dtype, {filters, memory});
      // Always a bias: TFLM's Prepare crashes without one (it releases the absent tensor).
      bias = random_const(b, rng, "bias" + k, dtype, {units});
      out = tensor(b, rng, "out" + k, dtype, {batch, units});
    } else {
      x = input(b, rng, "x" + k, dtype, {batch, input_size});
      const float in_scale = b.graph().tensors[static_cast<size_t>(x)].quant.scale[0];
      // feature scale = state scale x 2^e / input scale: the feature requantization is 2^e.
      const float feature_scale = state_scale / in_scale * random_scale(rng, wide ? -6 : -12, wide ? 0 : -6);
      feature = int_const(b, rng, "weights_feature" + k, DType::Int8, {filters, input_size}, 127,
                          modelbuilder::per_tensor(feature_scale, 0));
      const float time_scale = random_scale(rng, -10, -4);
      weights_time = int_const(b, rng, "weights_time" + k, time, {filters, memory}, wide ? 1024 : 127,
                               modelbuilder::per_tensor(time_scale, 0));
      // TFLM requires the bias at exactly state scale x weights_time scale.
      bias = random_bias(b, rng, "bias" + k, DType::Int32, units, wide ? 20000 : 2000, state_scale * time_scale);
      const float out_scale = state_scale * time_scale * random_scale(rng, wide ? 12 : 4, wide ? 20 : 10);
      out = b.add_tensor("out" + k, DType::Int8, {batch, units}, modelbuilder::per_tensor(out_scale, rng.uniform_int(-128, 127)));
    }
    b.add_op(T::Svdf, {x, feature, weights_time, bias, state}, {out}, o);
    b.add_output(out);
  }
  return finish(b);
}

}  // namespace

void add_svdf_cases(std::vector<CaseGenerator>& out) {
  out.push_back({"SVDF", "float32", [](Rng& r) { return svdf(r, DType::Float32, DType::Float32); }});
  out.push_back({"SVDF", "int8", [](Rng& r) { return svdf(r, DType::Int8, DType::Int16); }});
  out.push_back({"SVDF", "int8_state8", [](Rng& r) { return svdf(r, DType::Int8, DType::Int8); }});
}

}  // namespace mlonmcu::difftest
