// The interp backend's memory plans on the real models: replaying an inference on the planned
// arena never reads a tensor after another one overwrote it (all planner options), and sharing
// buffers through views and in-place ops makes the arena smaller.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include <gtest/gtest.h>

#include "backends/interp/blob_writer.h"
#include "frontends/frontend.h"
#include "models/model_info.h"
#include "planner/arena_simulation.h"

namespace mlonmcu::backends::interp {
namespace {

namespace fs = std::filesystem;

testing_support::SimModel sim_model(const LoweredGraph& lowered, const Blob& blob) {
  testing_support::SimModel m;
  for (const ir::Tensor& t : lowered.graph.tensors) m.sizes.push_back(t.num_bytes());
  m.offsets = blob.arena_offsets;
  m.arena_size = blob.arena_size;
  m.graph_inputs = lowered.graph.inputs;
  m.graph_outputs = lowered.graph.outputs;
  for (const ops::LoweredOp& op : lowered.ops)
    m.ops.push_back({op.inputs, op.outputs, op.output_is_input_view});
  return m;
}

class RealModelArena : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const fs::path dir = fs::path(MLONMCU_SHARED_MODELS) / GetParam();
    if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
    for (const auto& m : models::discover_models({fs::path(MLONMCU_SHARED_MODELS)}))
      if (m.name == GetParam()) lowered_ = lower_graph(frontends::load_model(m.model_file), "interp");
    ASSERT_FALSE(lowered_.ops.empty());
  }
  LoweredGraph lowered_;
};

TEST_P(RealModelArena, NoPlanOverwritesALiveTensor) {
  for (auto algorithm : {planner::Algorithm::GreedyBySize, planner::Algorithm::Linear})
    for (bool views : {false, true})
      for (bool in_place : {false, true}) {
        planner::SharingOptions options;
        options.algorithm = algorithm, options.views = views, options.in_place = in_place;
        const Blob blob = write_blob(lowered_, options);
        ASSERT_EQ(blob.arena_offsets.size(), lowered_.graph.tensors.size());
        EXPECT_EQ(testing_support::simulate_arena(sim_model(lowered_, blob)), "")
            << "views " << views << " in_place " << in_place;
      }
}

TEST_P(RealModelArena, SharingNeverGrowsTheArena) {
  planner::SharingOptions apart;
  apart.views = apart.in_place = false;
  const int64_t unshared = write_blob(lowered_, apart).arena_size;
  const Blob blob = write_blob(lowered_, planner::Algorithm::GreedyBySize);
  const int64_t shared = blob.arena_size;
  EXPECT_LE(shared, unshared);
  // The largest tensor in the arena is a lower bound of any plan.
  int64_t largest = 0;
  for (size_t t = 0; t < lowered_.graph.tensors.size(); ++t)
    if (blob.arena_offsets[t] >= 0) largest = std::max(largest, lowered_.graph.tensors[t].num_bytes());
  EXPECT_GE(shared, largest);
  // The whole-tensor lower bounds (most bytes alive at one op, worked out from the models'
  // tensor sizes; product brief section 10): the plan must reach them.
  const std::map<std::string, int64_t> whole_tensor_bound = {
      {"aww", 16000}, {"vww", 55296}, {"resnet", 49152}, {"toycar", 768}, {"sine_model", 128}};
  EXPECT_LE(shared, whole_tensor_bound.at(GetParam()));
  std::cout << GetParam() << ": arena " << unshared << " B without sharing, " << shared
            << " B with views and in-place ops\n";
}

INSTANTIATE_TEST_SUITE_P(MlperfTiny, RealModelArena,
                         ::testing::Values("aww", "vww", "resnet", "toycar", "sine_model"));

}  // namespace
}  // namespace mlonmcu::backends::interp
