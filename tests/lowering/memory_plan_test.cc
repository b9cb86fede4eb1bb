// The memory plans of the built-in backends on the real models: replaying an inference on the
// planned workspace never reads a tensor after another one overwrote it (every planner and
// sharing option), an op writes over one of its inputs only where the op allows it, and the
// default plan reaches the whole-tensor lower bounds worked out from the models' tensor sizes
// (product brief section 10; resnet with the residual ADD fused).
#include "lowering/memory_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "frontends/frontend.h"
#include "models/model_info.h"
#include "planner/arena_simulation.h"

namespace mlonmcu::lowering {
namespace {

namespace fs = std::filesystem;

testing_support::SimModel sim_model(const LoweredGraph& lowered, const MemoryPlan& plan) {
  testing_support::SimModel m;
  for (const ir::Tensor& t : lowered.graph.tensors) m.sizes.push_back(t.num_bytes());
  m.offsets = plan.offsets;
  m.arena_size = plan.workspace_size;
  m.graph_inputs = lowered.graph.inputs;
  m.graph_outputs = lowered.graph.outputs;
  for (const ops::LoweredOp& op : lowered.ops)
    m.ops.push_back({op.inputs, op.outputs, op.output_is_input_view});
  return m;
}

// An output shares bytes with an input only as a view or through an in-place slot: every
// kernel may read all its other inputs after it started writing.
std::string unexpected_overlap(const LoweredGraph& lowered, const MemoryPlan& plan) {
  for (size_t i = 0; i < lowered.ops.size(); ++i) {
    const ops::LoweredOp& op = lowered.ops[i];
    for (int32_t out : op.outputs)
      for (size_t slot = 0; slot < op.inputs.size(); ++slot) {
        const int32_t in = op.inputs[slot];
        if (!plan.in_workspace(in) || !plan.in_workspace(out)) continue;
        const bool allowed = (op.output_is_input_view && slot == 0) ||
                             std::count(op.inplace_inputs.begin(), op.inplace_inputs.end(),
                                        static_cast<int32_t>(slot)) > 0;
        const int64_t a = plan.offsets[static_cast<size_t>(in)],
                      b = plan.offsets[static_cast<size_t>(out)];
        const int64_t na = lowered.graph.tensors[static_cast<size_t>(in)].num_bytes();
        const int64_t nb = lowered.graph.tensors[static_cast<size_t>(out)].num_bytes();
        if (!allowed && a < b + nb && b < a + na)
          return "op " + std::to_string(i) + " writes over its input slot " + std::to_string(slot);
      }
  }
  return "";
}

class RealModelArena : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const fs::path dir = fs::path(MLONMCU_SHARED_MODELS) / GetParam();
    if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
    for (const auto& m : models::discover_models({fs::path(MLONMCU_SHARED_MODELS)}))
      if (m.name == GetParam()) graph_ = frontends::load_model(m.model_file);
    ASSERT_FALSE(graph_.ops.empty());
  }
  ir::Graph graph_;
};

TEST_P(RealModelArena, NoPlanOverwritesALiveTensor) {
  for (bool fuse : {false, true}) {
    const LoweredGraph lowered = lower_graph(graph_, "aot", {fuse, {}});
    for (const std::string& name : planner::algorithm_names())
      for (bool io_inside : {true, false}) {
        MemoryPlanOptions options;
        options.algorithm = planner::parse_algorithm(name);
        options.io_in_workspace = io_inside;
        const MemoryPlan plan = plan_memory(lowered, options);
        ASSERT_EQ(plan.offsets.size(), lowered.graph.tensors.size());
        EXPECT_EQ(testing_support::simulate_arena(sim_model(lowered, plan)), "")
            << name << " fuse " << fuse << " io inside " << io_inside;
        EXPECT_EQ(unexpected_overlap(lowered, plan), "") << name << " fuse " << fuse;
        EXPECT_GE(plan.workspace_size, plan.lower_bound) << name;
      }
  }
}

TEST_P(RealModelArena, DefaultPlanReachesTheWholeTensorLowerBound) {
  const LoweredGraph lowered = lower_graph(graph_, "aot");
  const MemoryPlan plan = plan_memory(lowered, {});
  const std::map<std::string, int64_t> bound = {
      {"aww", 16000}, {"vww", 55296}, {"resnet", 32768}, {"toycar", 768}, {"sine_model", 128}};
  EXPECT_EQ(plan.lower_bound, bound.at(GetParam()));
  EXPECT_EQ(plan.workspace_size, plan.lower_bound);
  EXPECT_TRUE(plan.optimal);
  MemoryPlanOptions apart;
  apart.algorithm = planner::Algorithm::Linear;
  const int64_t unshared = plan_memory(lowered, apart).workspace_size;
  EXPECT_LE(plan.workspace_size, unshared);
  std::cout << GetParam() << ": workspace " << unshared << " B without sharing, "
            << plan.workspace_size << " B planned\n";
}

TEST(ResidualAddFusion, RemovesOneActivationBufferPerResnetBlock) {
  const fs::path file = fs::path(MLONMCU_SHARED_MODELS) / "resnet" / "resnet.tflite";
  if (!fs::exists(file)) GTEST_SKIP() << "no " << file;
  const ir::Graph graph = frontends::load_model(file);
  const LoweredGraph plain = lower_graph(graph, "aot", {false, {}});
  const LoweredGraph fused = lower_graph(graph, "aot", {true, {}});
  // resnet's three residual blocks each end in an ADD; each is fused into a CONV_2D.
  EXPECT_EQ(plain.ops.size(), fused.ops.size() + 3);
  EXPECT_EQ(std::count_if(fused.layers.begin(), fused.layers.end(),
                          [](const LayerInfo& l) { return l.op == "CONV_2D+ADD"; }),
            3);
  EXPECT_EQ(plan_memory(plain, {}).lower_bound, 49152);
  EXPECT_EQ(plan_memory(fused, {}).lower_bound, 32768);
}

INSTANTIATE_TEST_SUITE_P(MlperfTiny, RealModelArena,
                         ::testing::Values("aww", "vww", "resnet", "toycar", "sine_model"));

}  // namespace
}  // namespace mlonmcu::lowering
