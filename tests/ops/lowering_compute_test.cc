// Lowering of the compute ops: multipliers, shifts, padding and activation ranges worked out
// by hand from TFLite's derivations, then executed through the runtime glue.
#include <gtest/gtest.h>

#include <cstring>

#include "common/error.h"
#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/kernels/activations.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/graph_builder.h"
#include "ops/graph_runner.h"
#include "ops/lower.h"

namespace mlonmcu::test {
namespace {

using ir::DType;

template <typename P>
P params_of(const ops::LoweredOp& op) {
  P p{};
  EXPECT_EQ(op.params.size() * 4, sizeof(P));
  std::memcpy(&p, op.params.data(), sizeof(P));
  return p;
}

ops::LoweredOp lower_only(GraphBuilder& b, ops::KernelOptions options = {}) {
  ops::LowerContext ctx(b.g, options);
  return ops::lower(b.g.ops[0], ctx, "interp");
}

const ops::KernelOptions kReference{true, ops::KernelIsa::Portable};
// Both kernel variants, and the optimized one with each weight layout.
const std::vector<ops::KernelOptions> kAllKernels = {
    kReference, {false, ops::KernelIsa::Portable}, {false, ops::KernelIsa::Rv32}};

std::vector<int32_t> int32_values(const ir::Tensor& t) {
  std::vector<int32_t> v(t.data.size() / 4);
  std::memcpy(v.data(), t.data.data(), v.size() * 4);
  return v;
}

TEST(LowerFullyConnected, PerTensorMultiplierFromFloatProduct) {
  GraphBuilder b;
  const int32_t in = b.tensor("in", DType::Int8, {1, 2}, {0.5f}, {-1});
  const int32_t w = b.constant<int8_t>("w", DType::Int8, {2, 2}, {1, 2, 3, 0}, {0.25f});
  const int32_t bias = b.constant<int32_t>("b", DType::Int32, {2}, {4, 0});
  const int32_t out = b.tensor("out", DType::Int8, {1, 2}, {2.0f}, {3});
  ir::FullyConnectedOptions o;
  o.activation = ir::Activation::Relu;
  b.op(ir::OpType::FullyConnected, {in, w, bias}, {out}, o);
  const auto lowered = lower_only(b, kReference);
  EXPECT_EQ(lowered.opcode, MLONMCU_OP_FULLY_CONNECTED_S8_REF);
  EXPECT_EQ(lowered.inputs, (std::vector<int32_t>{in, w, bias}));
  const auto p = params_of<mlonmcu_fully_connected_s8_params_t>(lowered);
  // 0.5 * 0.25 / 2.0 = 2^-4 = 0.5 * 2^-3.
  EXPECT_EQ(p.output_multiplier, 1 << 30);
  EXPECT_EQ(p.output_shift, -3);
  EXPECT_EQ(p.input_offset, 1);
  EXPECT_EQ(p.filter_offset, 0);
  EXPECT_EQ(p.output_offset, 3);
  EXPECT_EQ(p.act_min, 3);  // RELU: the output zero point
  EXPECT_EQ(p.act_max, 127);

  // The optimized kernel's operands: packed weights, bias + input offset * row sums (4 + 3,
  // 0 + 3, two zero padding rows), the per-tensor multiplier as a per-unit table.
  GraphBuilder opt = b;
  const auto fast = lower_only(opt);
  EXPECT_EQ(fast.opcode, MLONMCU_OP_FULLY_CONNECTED_S8);
  ASSERT_EQ(fast.inputs.size(), 4u);
  EXPECT_EQ(int32_values(opt.g.tensors[static_cast<size_t>(fast.inputs[2])]),
            (std::vector<int32_t>{7, 3, 0, 0}));
  const auto table = int32_values(opt.g.tensors[static_cast<size_t>(fast.inputs[3])]);
  ASSERT_EQ(table.size(), 8u);
  EXPECT_EQ(table[0], 1 << 30);  // multiplier, shift, round 2^2 + 3 * 2^3, rs
  EXPECT_EQ(table[1], -3);
  EXPECT_EQ(table[2], 4 + 3 * 8);
  EXPECT_EQ(table[3], 3);
  EXPECT_EQ(params_of<mlonmcu_fully_connected_s8_params_t>(fast).short_requant, 1);

  // Run it: real input (2, 3); rows (1,2)->8+4=12, (3,0)->6+0=6 (in input*filter units of
  // 0.125); times 2^-4 = 0.75 -> 1 and 0.375 -> 0; plus zp 3.
  for (const auto& kernels : kAllKernels) {
    GraphRunner runner(b.g, "interp", kernels);
    auto* x = static_cast<int8_t*>(runner.tensor(in).data);
    x[0] = 1, x[1] = 2;
    ASSERT_EQ(runner.run(), MLONMCU_OK);
    const auto* y = static_cast<const int8_t*>(runner.tensor(out).data);
    EXPECT_EQ(y[0], 4) << kernels.reference << static_cast<int>(kernels.isa);
    EXPECT_EQ(y[1], 3);
  }
}

// A unit with a bias near 2^30 always clamps to 127: the optimized kernel's operands give it
// zero weights and a bias below 2^30 with the same output, so the layer keeps the short
// requantization (form 1, not 3) and every kernel still agrees with the reference.
TEST(LowerFullyConnected, ConstantUnitKeepsShortRequantization) {
  GraphBuilder b;
  const int32_t in = b.tensor("in", DType::Int8, {1, 4}, {0.5f}, {-1});
  const int32_t w = b.constant<int8_t>("w", DType::Int8, {2, 4}, {1, 2, 3, 0, 5, -7, 9, 100}, {0.25f});
  const int32_t bias = b.constant<int32_t>("b", DType::Int32, {2}, {4, 1 << 30});
  const int32_t out = b.tensor("out", DType::Int8, {1, 2}, {2.0f}, {3});
  b.op(ir::OpType::FullyConnected, {in, w, bias}, {out}, ir::FullyConnectedOptions{});
  for (const auto isa : {ops::KernelIsa::Portable, ops::KernelIsa::Rv32}) {
    GraphBuilder opt = b;
    const auto fast = lower_only(opt, {false, isa});
    EXPECT_EQ(params_of<mlonmcu_fully_connected_s8_params_t>(fast).short_requant, 1);
    // unit 0: 4 + 1 * (1 + 2 + 3); unit 1: zero weights, 2^30 - 1 (2^26 after the scale: 127)
    EXPECT_EQ(int32_values(opt.g.tensors[static_cast<size_t>(fast.inputs[2])]),
              (std::vector<int32_t>{10, (1 << 30) - 1, 0, 0}));
  }
  for (const int8_t x0 : {-128, -5, 0, 77, 127}) {
    std::vector<int8_t> results;
    for (const auto& kernels : kAllKernels) {
      GraphRunner runner(b.g, "interp", kernels);
      auto* x = static_cast<int8_t*>(runner.tensor(in).data);
      x[0] = x0, x[1] = static_cast<int8_t>(-x0 / 2), x[2] = 100, x[3] = static_cast<int8_t>(x0 ^ 0x55);
      ASSERT_EQ(runner.run(), MLONMCU_OK);
      const auto* y = static_cast<const int8_t*>(runner.tensor(out).data);
      EXPECT_EQ(y[1], 127);
      results.push_back(y[0]);
    }
    EXPECT_EQ(results, std::vector<int8_t>(results.size(), results[0])) << int{x0};
  }
}

TEST(LowerConv2D, PerChannelSamePaddingStride2) {
  GraphBuilder b;
  const int32_t in = b.tensor("in", DType::Int8, {1, 5, 5, 1}, {1.0f}, {0});
  std::vector<int8_t> weights(2 * 3 * 3, 1);
  const int32_t w = b.constant("w", DType::Int8, {2, 3, 3, 1}, weights, {0.5f, 0.25f}, {0, 0}, 0);
  const int32_t out = b.tensor("out", DType::Int8, {1, 3, 3, 2}, {1.0f}, {0});
  ir::Conv2DOptions o;
  o.padding = ir::Padding::Same;
  o.stride_h = o.stride_w = 2;
  b.op(ir::OpType::Conv2D, {in, w, -1}, {out}, o);
  const auto lowered = lower_only(b, kReference);
  EXPECT_EQ(lowered.opcode, MLONMCU_OP_CONV_2D_S8_REF);
  ASSERT_EQ(lowered.inputs.size(), 5u);
  EXPECT_EQ(lowered.inputs[2], -1);
  const auto p = params_of<mlonmcu_conv_s8_params_t>(lowered);
  // out 3 = ceil(5 / 2); pad = ((3 - 1) * 2 + 3 - 5) / 2 = 1.
  EXPECT_EQ(p.pad_h, 1);
  EXPECT_EQ(p.pad_w, 1);
  const auto& mult = b.g.tensors[static_cast<size_t>(lowered.inputs[3])];
  const auto& shift = b.g.tensors[static_cast<size_t>(lowered.inputs[4])];
  std::vector<int32_t> m(2), s(2);
  std::memcpy(m.data(), mult.data.data(), 8);
  std::memcpy(s.data(), shift.data.data(), 8);
  EXPECT_EQ(m, (std::vector<int32_t>{1 << 30, 1 << 30}));  // 0.5 and 0.25
  EXPECT_EQ(s, (std::vector<int32_t>{0, -1}));

  // All-ones input: corner windows see 4 inputs, edges 6, centre 9. Channel 0 halves them
  // (2, 3, 4.5 -> 5). Channel 1 quarters them with double rounding: the high multiply halves
  // first (2, 3, 4.5 -> 5), the shift halves again (1, 1.5 -> 2, 2.5 -> 3; single rounding
  // of 2.25 would give 2).
  for (const auto& kernels : kAllKernels) {
    GraphRunner runner(b.g, "interp", kernels);
    EXPECT_EQ(runner.lowered()[0].opcode,
              kernels.reference ? MLONMCU_OP_CONV_2D_S8_REF : MLONMCU_OP_CONV_2D_S8);
    std::memset(runner.tensor(in).data, 1, 25);
    ASSERT_EQ(runner.run(), MLONMCU_OK);
    const auto* y = static_cast<const int8_t*>(runner.tensor(out).data);
    EXPECT_EQ(y[0], 2);                 // (0,0) ch0: 4 * 0.5
    EXPECT_EQ(y[1], 1);                 // (0,0) ch1: 4 * 0.25
    EXPECT_EQ(y[2], 3);                 // (0,1) ch0: 6 * 0.5
    EXPECT_EQ(y[3], 2);                 // (0,1) ch1: 1.5 -> 2
    EXPECT_EQ(y[(1 * 3 + 1) * 2], 5);   // centre ch0: 4.5 -> 5
    EXPECT_EQ(y[(1 * 3 + 1) * 2 + 1], 3);
  }
}

TEST(LowerDepthwiseConv2D, DerivesDepthMultiplierAndPerChannelAxis3) {
  GraphBuilder b;
  const int32_t in = b.tensor("in", DType::Int8, {1, 4, 4, 2}, {0.5f}, {0});
  std::vector<int8_t> weights(3 * 3 * 4, 1);
  const int32_t w =
      b.constant("w", DType::Int8, {1, 3, 3, 4}, weights, {1.0f, 0.5f, 0.25f, 0.125f}, {}, 3);
  const int32_t out = b.tensor("out", DType::Int8, {1, 2, 2, 4}, {0.5f}, {0});
  ir::DepthwiseConv2DOptions o;
  o.padding = ir::Padding::Valid;
  o.depth_multiplier = 0;  // stale value in the file: the channel counts decide
  b.op(ir::OpType::DepthwiseConv2D, {in, w}, {out}, o);
  GraphBuilder opt = b;
  const auto lowered = lower_only(b, kReference);
  EXPECT_EQ(lowered.opcode, MLONMCU_OP_DEPTHWISE_CONV_2D_S8_REF);
  const auto p = params_of<mlonmcu_conv_s8_params_t>(lowered);
  EXPECT_EQ(p.depth_multiplier, 2);
  EXPECT_EQ(p.pad_h, 0);
  // 0.5 * f / 0.5 = f: 1.0 = 0.5 * 2^1, then 2^0, 2^-1, 2^-2.
  EXPECT_EQ(int32_values(b.g.tensors[static_cast<size_t>(lowered.inputs[4])]),
            (std::vector<int32_t>{1, 0, -1, -2}));
  // The optimized kernel gets the same shifts in its table, and (left shift 1, shift 0) rule
  // out the short requantization.
  const auto fast = lower_only(opt);
  EXPECT_EQ(fast.opcode, MLONMCU_OP_DEPTHWISE_CONV_2D_S8);
  EXPECT_EQ(fast.inputs[1], w);
  const auto table = int32_values(opt.g.tensors[static_cast<size_t>(fast.inputs[3])]);
  ASSERT_EQ(table.size(), 16u);
  EXPECT_EQ((std::vector<int32_t>{table[1], table[5], table[9], table[13]}),
            (std::vector<int32_t>{1, 0, -1, -2}));
  EXPECT_EQ(params_of<mlonmcu_conv_s8_params_t>(fast).short_requant, 0);
}

TEST(LowerAdd, TfliteMultipliersAndShiftsByHand) {
  GraphBuilder b;
  const int32_t x = b.tensor("x", DType::Int8, {1, 2, 2, 3}, {0.5f}, {1});
  const int32_t y = b.tensor("y", DType::Int8, {3}, {0.25f}, {-2});
  const int32_t out = b.tensor("out", DType::Int8, {1, 2, 2, 3}, {1.0f}, {5});
  b.op(ir::OpType::Add, {x, y}, {out}, ir::ElementwiseOptions{});
  const auto p = params_of<mlonmcu_add_s8_params_t>(lower_only(b));
  // twice max scale 1.0: 0.5 -> (2^30, 0); 0.25 -> (2^30, -1); 1 / (2^20 * 1) -> (2^30, -19).
  EXPECT_EQ(p.left_shift, 20);
  EXPECT_EQ(p.input1_multiplier, 1 << 30);
  EXPECT_EQ(p.input1_shift, 0);
  EXPECT_EQ(p.input2_multiplier, 1 << 30);
  EXPECT_EQ(p.input2_shift, -1);
  EXPECT_EQ(p.output_multiplier, 1 << 30);
  EXPECT_EQ(p.output_shift, -19);
  EXPECT_EQ(p.input1_offset, -1);
  EXPECT_EQ(p.input2_offset, 2);
  EXPECT_EQ(p.output_offset, 5);

  // Broadcast run: x real 0.5 * (q - 1), y real 0.25 * (q + 2); q_x = 3 -> 1.0, q_y = 2 -> 1.0.
  GraphRunner runner(b.g);
  std::memset(runner.tensor(x).data, 3, 12);
  std::memset(runner.tensor(y).data, 2, 3);
  ASSERT_EQ(runner.run(), MLONMCU_OK);
  const auto* z = static_cast<const int8_t*>(runner.tensor(out).data);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(z[i], 7) << i;  // 2.0 / 1.0 + 5
}

TEST(LowerMul, MultiplierAboveOneHasPositiveShift) {
  GraphBuilder b;
  const int32_t x = b.tensor("x", DType::Int8, {4}, {0.5f}, {0});
  const int32_t y = b.tensor("y", DType::Int8, {4}, {0.5f}, {0});
  const int32_t out = b.tensor("out", DType::Int8, {4}, {0.125f}, {0});
  b.op(ir::OpType::Mul, {x, y}, {out});
  const auto lowered = lower_only(b);
  EXPECT_EQ(lowered.opcode, MLONMCU_OP_MUL_S8);
  const auto p = params_of<mlonmcu_mul_s8_params_t>(lowered);
  EXPECT_EQ(p.output_multiplier, 1 << 30);  // 2.0 = 0.5 * 2^2
  EXPECT_EQ(p.output_shift, 2);
}

TEST(LowerRelu6, QuantizedSixInInputScale) {
  GraphBuilder b;
  const int32_t x = b.tensor("x", DType::Int8, {4}, {0.0625f}, {-128});
  const int32_t out = b.tensor("out", DType::Int8, {4}, {0.0625f}, {-128});
  b.op(ir::OpType::Relu6, {x}, {out});
  const auto p = params_of<mlonmcu_relu6_s8_params_t>(lower_only(b));
  EXPECT_EQ(p.lower, -128);
  EXPECT_EQ(p.upper, -32);  // 6 / 0.0625 = 96, - 128
}

TEST(LowerQuantize, RunsFloatToInt8AndBack) {
  GraphBuilder b;
  const int32_t x = b.tensor("x", DType::Float32, {3});
  const int32_t q = b.tensor("q", DType::Int8, {3}, {0.5f}, {1});
  const int32_t r = b.tensor("r", DType::Int8, {3}, {0.25f}, {0});
  const int32_t y = b.tensor("y", DType::Float32, {3});
  b.op(ir::OpType::Quantize, {x}, {q});
  b.op(ir::OpType::Quantize, {q}, {r});  // requantize: 2.0x
  b.op(ir::OpType::Dequantize, {r}, {y});
  GraphRunner runner(b.g);
  EXPECT_EQ(runner.lowered()[0].opcode, MLONMCU_OP_QUANTIZE_F32_S8);
  EXPECT_EQ(runner.lowered()[1].opcode, MLONMCU_OP_QUANTIZE_S8_S8);
  EXPECT_EQ(runner.lowered()[2].opcode, MLONMCU_OP_DEQUANTIZE_S8_F32);
  float* in = static_cast<float*>(runner.tensor(x).data);
  in[0] = 1.25f, in[1] = -3.0f, in[2] = 100.0f;
  ASSERT_EQ(runner.run(), MLONMCU_OK);
  const auto* qv = static_cast<const int8_t*>(runner.tensor(q).data);
  // 2.5 -> 3 (+1 = 4); -6 (+1 = -5); 200 -> 127.
  EXPECT_EQ(std::vector<int8_t>(qv, qv + 3), (std::vector<int8_t>{4, -5, 127}));
  const auto* rv = static_cast<const int8_t*>(runner.tensor(r).data);
  // (4-1)*2 = 6; (-5-1)*2 = -12; 126*2 -> 127.
  EXPECT_EQ(std::vector<int8_t>(rv, rv + 3), (std::vector<int8_t>{6, -12, 127}));
  const auto* yv = static_cast<const float*>(runner.tensor(y).data);
  EXPECT_EQ(std::vector<float>(yv, yv + 3), (std::vector<float>{1.5f, -3.0f, 31.75f}));
}

TEST(LowerFloatOps, ConvPoolFcChain) {
  GraphBuilder b;
  const int32_t in = b.tensor("in", DType::Float32, {1, 2, 2, 1});
  const int32_t w = b.constant<float>("w", DType::Float32, {1, 1, 1, 1}, {2.0f});
  const int32_t c = b.tensor("c", DType::Float32, {1, 2, 2, 1});
  const int32_t pool = b.tensor("p", DType::Float32, {1, 1, 1, 1});
  const int32_t fw = b.constant<float>("fw", DType::Float32, {2, 1}, {1.0f, -1.0f});
  const int32_t fb = b.constant<float>("fb", DType::Float32, {2}, {0.5f, 0.5f});
  const int32_t out = b.tensor("out", DType::Float32, {1, 2});
  ir::Conv2DOptions co;
  co.padding = ir::Padding::Valid;
  b.op(ir::OpType::Conv2D, {in, w}, {c}, co);
  ir::Pool2DOptions po;
  po.padding = ir::Padding::Valid;
  po.filter_h = po.filter_w = 2;
  po.stride_h = po.stride_w = 2;
  b.op(ir::OpType::AveragePool2D, {c}, {pool}, po);
  ir::FullyConnectedOptions fo;
  fo.activation = ir::Activation::Relu;
  b.op(ir::OpType::FullyConnected, {pool, fw, fb}, {out}, fo);
  GraphRunner runner(b.g);
  float* x = static_cast<float*>(runner.tensor(in).data);
  x[0] = 1, x[1] = 2, x[2] = 3, x[3] = 4;
  ASSERT_EQ(runner.run(), MLONMCU_OK);
  const auto* y = static_cast<const float*>(runner.tensor(out).data);
  EXPECT_EQ(y[0], 5.5f);  // mean of 2,4,6,8 = 5, + 0.5
  EXPECT_EQ(y[1], 0.0f);  // -5 + 0.5, RELU
}

}  // namespace
}  // namespace mlonmcu::test
