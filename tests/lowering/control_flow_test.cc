// Models of several subgraphs: the reader keeps them flat with their ranges and refuses calls
// that would recurse; CALL_ONCE runs its init subgraph on the first inference only and resource
// variables keep their value from one inference to the next (the differential cases compare
// single inferences with TFLite-Micro, src/difftest/cases/control_flow.cc).
#include <gtest/gtest.h>

#include <cstring>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "expect_error.h"
#include "frontends/frontend.h"
#include "lowering/lowered_graph.h"
#include "lowering/memory_plan.h"
#include "modelbuilder/builder.h"
#include "modelbuilder/tflite_writer.h"

namespace mlonmcu::lowering {
namespace {

using ir::DType;
using ir::OpType;
using modelbuilder::GraphBuilder;
using Bytes = std::vector<uint8_t>;

constexpr int32_t kSize = 3;

Bytes floats(const std::vector<float>& v) {
  Bytes out(v.size() * 4);
  std::memcpy(out.data(), v.data(), out.size());
  return out;
}

// main: CALL_ONCE(init); acc = READ_VARIABLE; sum = acc + x; ASSIGN_VARIABLE(sum); output sum.
// init: ASSIGN_VARIABLE(start).
ir::Graph accumulator(const std::vector<float>& start) {
  GraphBuilder b("accumulator");
  const ir::VarHandleOptions name{"", "acc"};
  const int32_t x = b.input("x", DType::Float32, {kSize});
  b.add_op(OpType::CallOnce, {}, {}, ir::SubgraphOptions{{1}});
  const int32_t handle = b.add_tensor("handle", DType::Resource, {});
  b.add_op(OpType::VarHandle, {}, {handle}, name);
  const int32_t acc = b.add_tensor("acc", DType::Float32, {kSize});
  b.add_op(OpType::ReadVariable, {handle}, {acc});
  const int32_t sum = b.add_tensor("sum", DType::Float32, {kSize});
  b.add_op(OpType::Add, {acc, x}, {sum}, ir::ElementwiseOptions{});
  b.add_op(OpType::AssignVariable, {handle, sum}, {});
  b.add_output(sum);
  ir::Graph& g = b.graph();
  g.subgraphs.push_back({"main", 0, static_cast<int32_t>(g.ops.size()), g.inputs, g.outputs});
  const int32_t init_first = static_cast<int32_t>(g.ops.size());
  const int32_t init_handle = b.add_tensor("init/handle", DType::Resource, {});
  b.add_op(OpType::VarHandle, {}, {init_handle}, name);
  const int32_t value = b.add_const_float("init/start", {kSize}, start);
  b.add_op(OpType::AssignVariable, {init_handle, value}, {});
  g.subgraphs.push_back({"init", init_first, static_cast<int32_t>(g.ops.size()) - init_first, {}, {}});
  return b.build();
}

ir::Graph read_back(const ir::Graph& g) { return frontends::parse_tflite(modelbuilder::write_tflite(g), g.name); }

TEST(ControlFlow, ReaderKeepsEverySubgraphFlatWithItsRange) {
  const ir::Graph g = read_back(accumulator({1, 2, 3}));
  ASSERT_EQ(g.subgraphs.size(), 2u);
  EXPECT_EQ(g.subgraphs[0].first_op, 0);
  EXPECT_EQ(g.subgraphs[0].num_ops, 5);
  EXPECT_EQ(g.num_main_ops(), 5);
  EXPECT_EQ(g.subgraphs[1].first_op, 5);
  EXPECT_EQ(g.subgraphs[1].num_ops, 2);
  EXPECT_EQ(g.ops[6].type, OpType::AssignVariable);
  // The init subgraph's ops name its own tensors, appended after the main graph's four.
  for (int32_t t : g.ops[6].inputs) EXPECT_GE(t, 4);
  EXPECT_EQ(g.inputs, g.subgraphs[0].inputs);
}

TEST(ControlFlow, ReaderRefusesASubgraphThatCallsItself) {
  ir::Graph g = accumulator({1, 2, 3});
  // init calls init: TFLM would recurse without end.
  g.ops.push_back({OpType::CallOnce, "CALL_ONCE", {}, {}, ir::SubgraphOptions{{1}}});
  g.subgraphs[1].num_ops += 1;
  const auto error = [&](const char* what) {
    return test_support::error_of(ErrorKind::Model, [&] { frontends::parse_tflite(modelbuilder::write_tflite(g), what); });
  };
  const std::string loop = error("loop");
  EXPECT_NE(loop.find("subgraph 1 calls itself"), std::string::npos) << loop;
  g.ops.back().options = ir::SubgraphOptions{{7}};
  const std::string far = error("far");
  EXPECT_NE(far.find("calls subgraph 7 but the model has 2 subgraphs"), std::string::npos) << far;
}

TEST(ControlFlow, InitRunsOnceAndTheVariableCarriesOverBetweenInferences) {
  const std::vector<float> start = {0.5f, -1.0f, 2.0f};
  const ir::Graph g = read_back(accumulator(start));
  const std::vector<std::vector<Bytes>> samples = {
      {floats({1.0f, 2.0f, 3.0f})}, {floats({0.25f, 0.5f, -4.0f})}, {floats({-1.5f, 0.0f, 1.0f})}};
  const auto got = backends::interp::run_blob_in_process(backends::interp::lower_and_write_blob(g), samples);
  ASSERT_EQ(got.size(), samples.size());
  std::vector<float> acc = start;
  for (size_t s = 0; s < samples.size(); ++s) {
    for (int32_t i = 0; i < kSize; ++i) {
      float x;
      std::memcpy(&x, samples[s][0].data() + 4 * i, 4);
      acc[static_cast<size_t>(i)] += x;
    }
    EXPECT_EQ(got[s].at(0), floats(acc)) << "inference " << s;
  }
}

TEST(ControlFlow, CallOnceFlagAndVariableLiveFromInitToAfterTheLastOp) {
  const LoweredGraph lowered = lower_graph(read_back(accumulator({1, 2, 3})), "interp");
  ASSERT_EQ(lowered.segments.size(), 2u);
  const WorkspaceUse use = workspace_use(lowered);
  // The flag of CALL_ONCE and the variable live from init to after the last op.
  int persistent = 0;
  for (size_t t = 0; t < lowered.graph.tensors.size(); ++t)
    if (is_persistent(lowered.graph.tensors[t]) && use.tensors[t].in_arena()) {
      ++persistent;
      EXPECT_EQ(use.tensors[t].first_use, 0);
      EXPECT_EQ(use.tensors[t].last_use, lowered.num_main_ops());
    }
  EXPECT_EQ(persistent, 2);
}

}  // namespace
}  // namespace mlonmcu::lowering
