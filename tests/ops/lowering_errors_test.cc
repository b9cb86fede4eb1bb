// Bad or unsupported compute ops give one clear Error of the right kind (never a crash), and
// the runtime glue refuses tensors/params that do not fit its kernel.
#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/graph_builder.h"
#include "ops/graph_runner.h"
#include "ops/lower.h"

namespace mlonmcu::test {
namespace {

using ir::DType;

// Runs check_supported and returns the error (kind + message), failing if none is thrown.
Error check_error(const GraphBuilder& b) {
  try {
    ops::check_supported(b.g, b.g.ops.at(0), "interp");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error(ErrorKind::Internal, "");
}

GraphBuilder int8_conv(ir::Conv2DOptions o, std::vector<int32_t> out_shape = {1, 4, 4, 2}) {
  GraphBuilder b;
  const int32_t in = b.tensor("in", DType::Int8, {1, 4, 4, 1}, {1.0f}, {0});
  const int32_t w = b.constant("w", DType::Int8, {2, 3, 3, 1}, std::vector<int8_t>(18, 1), {0.5f});
  const int32_t out = b.tensor("out", DType::Int8, std::move(out_shape), {1.0f}, {0});
  b.op(ir::OpType::Conv2D, {in, w}, {out}, o);
  return b;
}

TEST(ComputeErrors, FusedTanhIsUnsupportedNamingOptionAndBackend) {
  ir::Conv2DOptions o;
  o.activation = ir::Activation::Tanh;
  const Error e = check_error(int8_conv(o));
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  EXPECT_NE(std::string(e.what()).find("fused activation TANH"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("interp"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("CONV_2D"), std::string::npos) << e.what();
}

TEST(ComputeErrors, WrongOutputShapeIsAModelError) {
  const Error e = check_error(int8_conv(ir::Conv2DOptions{}, {1, 3, 4, 2}));
  EXPECT_EQ(e.kind(), ErrorKind::Model);
  EXPECT_NE(std::string(e.what()).find("expected 4x4"), std::string::npos) << e.what();
}

TEST(ComputeErrors, Int64InputIsUnsupported) {
  GraphBuilder b;
  const int32_t x = b.tensor("x", DType::Int64, {4}, {}, {});
  const int32_t y = b.tensor("y", DType::Int64, {4}, {}, {});
  const int32_t z = b.tensor("z", DType::Int64, {4}, {}, {});
  b.op(ir::OpType::Sub, {x, y}, {z});  // TFLite-Micro has no int64 SUB either
  const Error e = check_error(b);
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  EXPECT_NE(std::string(e.what()).find("input dtype int64"), std::string::npos) << e.what();
}

TEST(ComputeErrors, ShuffledWeightsAreUnsupported) {
  GraphBuilder b;
  const int32_t x = b.tensor("x", DType::Int8, {1, 16}, {0.5f}, {0});
  const int32_t w = b.constant("w", DType::Int8, {4, 16}, std::vector<int8_t>(64, 1), {0.5f});
  const int32_t z = b.tensor("z", DType::Int8, {1, 4}, {0.5f}, {0});
  ir::FullyConnectedOptions o;
  o.weights_format = 1;
  b.op(ir::OpType::FullyConnected, {x, w}, {z}, o);
  const Error e = check_error(b);
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  EXPECT_NE(std::string(e.what()).find("weights_format SHUFFLED4x16INT8"), std::string::npos);
}

TEST(ComputeErrors, PerChannelAlongWrongAxisIsUnsupported) {
  GraphBuilder b;
  const int32_t in = b.tensor("in", DType::Int8, {1, 4, 4, 1}, {1.0f}, {0});
  const int32_t w = b.constant("w", DType::Int8, {2, 3, 3, 1}, std::vector<int8_t>(18, 1),
                               {0.5f, 0.5f, 0.5f}, {}, 1);
  const int32_t out = b.tensor("out", DType::Int8, {1, 4, 4, 2}, {1.0f}, {0});
  b.op(ir::OpType::Conv2D, {in, w}, {out}, ir::Conv2DOptions{});
  const Error e = check_error(b);
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  EXPECT_NE(std::string(e.what()).find("axis 1"), std::string::npos) << e.what();
}

TEST(ComputeErrors, MalformedStructureIsAModelError) {
  {  // missing filter
    GraphBuilder b = int8_conv(ir::Conv2DOptions{});
    b.g.ops[0].inputs = {0};
    EXPECT_EQ(check_error(b).kind(), ErrorKind::Model);
  }
  {  // tensor index out of range
    GraphBuilder b = int8_conv(ir::Conv2DOptions{});
    b.g.ops[0].inputs[1] = 42;
    EXPECT_EQ(check_error(b).kind(), ErrorKind::Model);
  }
  {  // options of another op
    GraphBuilder b = int8_conv(ir::Conv2DOptions{});
    b.g.ops[0].options = ir::Pool2DOptions{};
    EXPECT_EQ(check_error(b).kind(), ErrorKind::Model);
  }
  {  // int8 tensor without quantization
    GraphBuilder b = int8_conv(ir::Conv2DOptions{});
    b.g.tensors[0].quant = {};
    EXPECT_EQ(check_error(b).kind(), ErrorKind::Model);
  }
  {  // shapes that do not broadcast
    GraphBuilder b;
    const int32_t x = b.tensor("x", DType::Float32, {2, 3});
    const int32_t y = b.tensor("y", DType::Float32, {2});
    const int32_t z = b.tensor("z", DType::Float32, {2, 3});
    b.op(ir::OpType::Mul, {x, y}, {z});
    EXPECT_EQ(check_error(b).kind(), ErrorKind::Model);
  }
}

TEST(ComputeErrors, LowerChecksToo) {
  GraphBuilder b = int8_conv(ir::Conv2DOptions{}, {1, 2, 2, 2});
  ops::LowerContext ctx(b.g);
  EXPECT_THROW(ops::lower(b.g.ops[0], ctx, "interp"), Error);
}

// Both conv glues (reference and optimized kernel) reject what would drive their kernel out of
// bounds or into undefined arithmetic.
TEST(ComputeGlue, RejectsParamsAndTensorsThatDoNotFit) {
  for (const bool reference : {true, false}) {
    SCOPED_TRACE(reference ? "reference" : "optimized");
    GraphBuilder b = int8_conv(ir::Conv2DOptions{});
    GraphRunner runner(b.g, "interp", ops::KernelOptions{reference, ops::KernelIsa::Portable});
    ASSERT_EQ(runner.run(), MLONMCU_OK);
    const ops::LoweredOp& op = runner.lowered()[0];
    mlonmcu_op_eval_fn fn = mlonmcu_op_lookup(static_cast<int32_t>(op.opcode));
    ASSERT_NE(fn, nullptr);
    auto run_with = [&](std::vector<int32_t> params) {
      mlonmcu_op_ctx_t ctx{&runner.tensor(0), op.inputs.data(), static_cast<int32_t>(op.inputs.size()),
                           op.outputs.data(), 1, params.data(), static_cast<int32_t>(params.size())};
      return fn(&ctx);
    };
    EXPECT_EQ(run_with(op.params), MLONMCU_OK);
    EXPECT_EQ(run_with({op.params.begin(), op.params.end() - 1}), MLONMCU_ERR_BAD_PARAMS);  // short
    auto bad = op.params;
    bad[0] = 0;  // stride 0
    EXPECT_EQ(run_with(bad), MLONMCU_ERR_BAD_PARAMS);
    if (reference) {
      bad = op.params;
      bad[9] = 40;  // output shift beyond what QuantizeMultiplier produces
      EXPECT_EQ(run_with(bad), MLONMCU_ERR_BAD_PARAMS);
    } else {
      // The same shift in the optimized kernel's requantization table.
      auto& table = runner.tensor(op.inputs[3]);
      static_cast<int32_t*>(table.data)[1] = 40;
      EXPECT_EQ(run_with(op.params), MLONMCU_ERR_BAD_PARAMS);
      static_cast<int32_t*>(table.data)[1] = -1;
      bad = op.params;
      bad[13] = 7;  // unknown weight layout
      EXPECT_EQ(run_with(bad), MLONMCU_ERR_BAD_PARAMS);
      runner.tensor(op.inputs[1]).dims[0] -= 1;  // packed filter one byte short
      EXPECT_EQ(run_with(op.params), MLONMCU_ERR_BAD_PARAMS);
      runner.tensor(op.inputs[1]).dims[0] += 1;
    }
    runner.tensor(0).bytes = 3;  // input buffer smaller than its dims
    EXPECT_EQ(run_with(op.params), MLONMCU_ERR_BAD_PARAMS);
    runner.tensor(0).bytes = 16;
    runner.tensor(0).dtype = MLONMCU_DTYPE_F32;  // wrong dtype for the s8 kernel
    EXPECT_EQ(run_with(op.params), MLONMCU_ERR_BAD_PARAMS);
  }
}

}  // namespace
}  // namespace mlonmcu::test
