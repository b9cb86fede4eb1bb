// The residual ADD fused into a convolution, on hand-made graphs: which pairs fuse, when the
// fused op may write over its skip operand, and that fused and separate ops compute the same
// bytes (through the interpreter, with the plan that writes in place).
#include <gtest/gtest.h>

#include <algorithm>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "lowering/lowered_graph.h"
#include "mlonmcu/runtime/opcodes.h"
#include "modelbuilder/builder.h"

namespace mlonmcu::lowering {
namespace {

using ir::Activation;
using ir::DType;
using ir::Padding;
using modelbuilder::per_tensor;

constexpr size_t kSkipSlot = 5;

std::vector<uint32_t> opcodes(const LoweredGraph& g) {
  std::vector<uint32_t> out;
  for (const auto& op : g.ops) out.push_back(op.opcode);
  return out;
}

// The graph's outputs with and without fusion, for seeded inputs.
void expect_same_outputs(const ir::Graph& graph) {
  LoweringOptions separate_options;
  separate_options.fuse_residual_add = false;
  const auto fused = backends::interp::lower_and_write_blob(graph);
  const auto separate = backends::interp::lower_and_write_blob(graph, separate_options);
  uint32_t seed = 5;
  for (int sample = 0; sample < 4; ++sample) {
    std::vector<std::vector<uint8_t>> inputs;
    for (int32_t t : graph.inputs) {
      std::vector<uint8_t> b(
          static_cast<size_t>(graph.tensors[static_cast<size_t>(t)].num_bytes()));
      for (auto& v : b) v = static_cast<uint8_t>((seed = seed * 1103515245u + 12345u) >> 16);
      inputs.push_back(std::move(b));
    }
    EXPECT_EQ(backends::interp::run_blob_in_process(fused, inputs),
              backends::interp::run_blob_in_process(separate, inputs))
        << "sample " << sample;
  }
}

TEST(FuseResidualAdd, ConvFeedingOnlyTheAddIsFusedAndMayOverwriteTheSkip) {
  modelbuilder::GraphBuilder b("block", 3);
  const int32_t x = b.input("x", DType::Int8, {1, 8, 8, 4}, per_tensor(0.05f, -3));
  // A residual block as in resnet: skip -> conv -> conv, + skip.
  const int32_t skip = b.conv2d(x, 4, 3, 3, 1, Padding::Same, Activation::Relu);
  const int32_t h = b.conv2d(skip, 4, 3, 3, 1, Padding::Same, Activation::Relu);
  const int32_t y = b.conv2d(h, 4, 3, 3, 1, Padding::Same, Activation::None);
  b.add_output(b.add(y, skip, Activation::Relu));
  const ir::Graph graph = b.build();
  const LoweredGraph lowered = lower_graph(graph, "aot");
  ASSERT_EQ(lowered.ops.size(), 3u);
  EXPECT_EQ(opcodes(lowered), (std::vector<uint32_t>{MLONMCU_OP_CONV_2D_S8, MLONMCU_OP_CONV_2D_S8,
                                                     MLONMCU_OP_CONV_2D_ADD_S8}));
  EXPECT_EQ(lowered.ops[2].inputs.size(), kSkipSlot + 1);
  EXPECT_EQ(lowered.ops[2].inputs.at(kSkipSlot), skip);
  EXPECT_EQ(lowered.ops[2].inplace_inputs, (std::vector<int32_t>{static_cast<int32_t>(kSkipSlot)}));
  EXPECT_EQ(lowered.layers[2].op, "CONV_2D+ADD");
  EXPECT_EQ(lowered.layers[2].shapes, "1x8x8x4,1x8x8x4 -> 1x8x8x4");
  expect_same_outputs(graph);
}

TEST(FuseResidualAdd, SkipThatIsTheConvInputIsNeverOverwritten) {
  // add(conv(x), x): the convolution still reads x while it stores, so no in-place hint.
  // Bit-exact also with the convolution as the ADD's second operand (its params are swapped).
  modelbuilder::GraphBuilder b("self", 4);
  const int32_t x = b.input("x", DType::Int8, {1, 6, 6, 3}, per_tensor(0.1f, 7));
  const int32_t y = b.conv2d(x, 3, 3, 3, 1, Padding::Same, Activation::None);
  b.add_output(b.add(x, y, Activation::None));  // the convolution is ADD input 2
  const ir::Graph graph = b.build();
  const LoweredGraph lowered = lower_graph(graph, "aot");
  ASSERT_EQ(lowered.ops.size(), 1u);
  EXPECT_EQ(lowered.ops[0].opcode, MLONMCU_OP_CONV_2D_ADD_S8);
  EXPECT_TRUE(lowered.ops[0].inplace_inputs.empty());
  expect_same_outputs(graph);
}

TEST(FuseResidualAdd, ReferenceKernelsAreNeverFused) {
  modelbuilder::GraphBuilder b("reference", 6);
  const int32_t x = b.input("x", DType::Int8, {1, 6, 6, 4}, per_tensor(0.1f, 2));
  const int32_t y = b.conv2d(x, 4, 3, 3, 1, Padding::Same, Activation::None);
  b.add_output(b.add(y, x, Activation::None));
  const ir::Graph graph = b.build();
  LoweringOptions options;
  options.kernels.reference = true;
  EXPECT_EQ(opcodes(lower_graph(graph, "aot", options)),
            (std::vector<uint32_t>{MLONMCU_OP_CONV_2D_S8_REF, MLONMCU_OP_ADD_S8_REF}));
}

TEST(FuseResidualAdd, NotFusedWhenTheConvHasOtherReadersOrTheAddBroadcasts) {
  modelbuilder::GraphBuilder b("unfusable", 5);
  const int32_t x = b.input("x", DType::Int8, {1, 4, 4, 2}, per_tensor(0.1f, 0));
  const int32_t c = b.conv2d(x, 2, 1, 1, 1, Padding::Valid, Activation::None);
  b.add_output(b.add(c, x, Activation::None));
  b.add_output(c);  // a second reader of the convolution's output
  const int32_t d = b.conv2d(x, 2, 1, 1, 1, Padding::Valid, Activation::None);
  const int32_t one = b.input("one", DType::Int8, {1, 1, 1, 2}, per_tensor(0.1f, 0));
  const int32_t sum = b.add_tensor("sum", DType::Int8, {1, 4, 4, 2}, per_tensor(0.2f, 0));
  b.add_op(ir::OpType::Add, {d, one}, {sum}, ir::ElementwiseOptions{});  // broadcasting
  b.add_output(sum);
  const ir::Graph graph = b.build();
  const LoweredGraph lowered = lower_graph(graph, "aot");
  EXPECT_EQ(opcodes(lowered), (std::vector<uint32_t>{MLONMCU_OP_CONV_2D_S8, MLONMCU_OP_ADD_S8,
                                                     MLONMCU_OP_CONV_2D_S8, MLONMCU_OP_ADD_S8}));
}

}  // namespace
}  // namespace mlonmcu::lowering
