// The state of an SVDF (a variable tensor) persists: the memory plan gives it bytes no other
// tensor ever shares, and a model invoked several times after one init carries the state from
// one inference to the next. Checked against a model that applies the same SVDF (the same
// weights, one shared state) to each input in turn within one inference, which TFLite-Micro
// computes too (the differential cases of SVDF are such chains); where the TFLM checkout exists
// the test compares with TFLM directly.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "backends/tflmi/tflm_reference.h"
#include "common/c_writer.h"
#include "frontends/frontend.h"
#include "lowering/lowered_graph.h"
#include "lowering/memory_plan.h"
#include "modelbuilder/builder.h"
#include "modelbuilder/tflite_writer.h"
#include "models/golden.h"

namespace mlonmcu::lowering {
namespace {

namespace fs = std::filesystem;
using ir::DType;
using modelbuilder::GraphBuilder;
using modelbuilder::per_tensor;
using Bytes = std::vector<uint8_t>;

constexpr int32_t kBatch = 2, kInput = 5, kUnits = 3, kRank = 2, kMemory = 4, kFilters = kUnits * kRank;

Bytes int_bytes(modelbuilder::Rng& rng, DType dtype, int64_t n, int32_t range) {
  Bytes out(static_cast<size_t>(n) * ir::dtype_size(dtype));
  for (int64_t i = 0; i < n; ++i) {
    const int32_t v = rng.uniform_int(-range, range);
    std::memcpy(out.data() + i * static_cast<int64_t>(ir::dtype_size(dtype)), &v, ir::dtype_size(dtype));
  }
  return out;
}

Bytes float_bytes(modelbuilder::Rng& rng, int64_t n) {
  Bytes out(static_cast<size_t>(n) * 4);
  for (int64_t i = 0; i < n; ++i) {
    const float v = rng.uniform_float(-1.5f, 1.5f);
    std::memcpy(out.data() + i * 4, &v, 4);
  }
  return out;
}

// `steps` applications of one SVDF (int8 with an int16 state, or float32) to inputs x0..; one
// output each. With `around`, a fully connected layer (of its own weights) before and after
// each keeps other tensors in the workspace while the state lives.
ir::Graph svdf_model(DType dtype, int steps, bool around = false) {
  GraphBuilder b("svdf_state", 7);
  modelbuilder::Rng rng(11);
  const bool q = dtype == DType::Int8;
  const float state_scale = 1.0f / 1024, time_scale = 1.0f / 256;
  const int32_t feature = b.add_const("weights_feature", dtype, {kFilters, kInput},
                                      q ? int_bytes(rng, DType::Int8, kFilters * kInput, 127) : float_bytes(rng, kFilters * kInput),
                                      q ? per_tensor(0.01f, 0) : ir::Quantization{});
  const DType time_dtype = q ? DType::Int16 : DType::Float32;
  const int32_t time = b.add_const("weights_time", time_dtype, {kFilters, kMemory},
                                   q ? int_bytes(rng, DType::Int16, kFilters * kMemory, 1000) : float_bytes(rng, kFilters * kMemory),
                                   q ? per_tensor(time_scale, 0) : ir::Quantization{});
  const int32_t bias = b.add_const("bias", q ? DType::Int32 : dtype, {kUnits},
                                   q ? int_bytes(rng, DType::Int32, kUnits, 5000) : float_bytes(rng, kUnits),
                                   q ? per_tensor(state_scale * time_scale, 0) : ir::Quantization{});
  const int32_t state = b.add_tensor("state", time_dtype, {kBatch, kMemory * kFilters},
                                     q ? per_tensor(state_scale, 0) : ir::Quantization{});
  b.graph().tensors[static_cast<size_t>(state)].is_variable = true;
  ir::SvdfOptions o;
  o.rank = kRank;
  for (int s = 0; s < steps; ++s) {
    const std::string k = std::to_string(s);
    int32_t x = b.input("x" + k, dtype, {kBatch, around ? 7 : kInput}, q ? per_tensor(0.05f, 3) : ir::Quantization{});
    if (around) x = b.fully_connected(x, kInput, ir::Activation::None);
    const int32_t out = b.add_tensor("svdf" + k, dtype, {kBatch, kUnits}, q ? per_tensor(0.125f, -5) : ir::Quantization{});
    b.add_op(ir::OpType::Svdf, {x, feature, time, bias, state}, {out}, o);
    b.add_output(around ? b.fully_connected(out, 2, ir::Activation::None) : out);
  }
  return b.build();
}

int32_t state_index(const ir::Graph& g) {
  for (size_t t = 0; t < g.tensors.size(); ++t)
    if (g.tensors[t].is_variable) return static_cast<int32_t>(t);
  return -1;
}

TEST(SvdfState, NoOtherTensorSharesTheStateInAnyPlan) {
  for (DType dtype : {DType::Int8, DType::Float32}) {
    const LoweredGraph lowered = lower_graph(svdf_model(dtype, 2, true), "interp");
    const int32_t state = state_index(lowered.graph);
    ASSERT_GE(state, 0);
    const WorkspaceUse use = workspace_use(lowered);
    EXPECT_EQ(use.tensors[static_cast<size_t>(state)].first_use, 0);
    EXPECT_EQ(use.tensors[static_cast<size_t>(state)].last_use, static_cast<int32_t>(lowered.ops.size()));
    for (auto algorithm : {planner::Algorithm::Search, planner::Algorithm::GreedyBySize,
                           planner::Algorithm::GreedyByConflicts, planner::Algorithm::Linear}) {
      MemoryPlanOptions options;
      options.algorithm = algorithm;
      const MemoryPlan plan = plan_memory(lowered, options);
      ASSERT_TRUE(plan.in_workspace(state));
      const int64_t at = plan.offsets[static_cast<size_t>(state)];
      const int64_t size = lowered.graph.tensors[static_cast<size_t>(state)].num_bytes();
      for (size_t t = 0; t < lowered.graph.tensors.size(); ++t) {
        if (static_cast<int32_t>(t) == state || !plan.in_workspace(static_cast<int32_t>(t))) continue;
        const int64_t other = plan.offsets[t], other_size = lowered.graph.tensors[t].num_bytes();
        EXPECT_TRUE(other + other_size <= at || at + size <= other)
            << lowered.graph.tensors[t].name << " shares the state's bytes";
      }
    }
  }
}

TEST(SvdfState, CarriesOverFromOneInferenceToTheNext) {
  constexpr int kSteps = 3;
  for (DType dtype : {DType::Int8, DType::Float32}) {
    const ir::Graph single = svdf_model(dtype, 1), chain = svdf_model(dtype, kSteps);
    const models::GoldenData samples = models::synthetic_inputs(single, kSteps);
    std::vector<Bytes> chain_inputs;
    for (const auto& sample : samples.inputs) chain_inputs.push_back(sample.at(0));
    // As the file says it, read back by the frontend (the variable flag, no state buffer).
    const auto read = [](const ir::Graph& g) { return frontends::parse_tflite(modelbuilder::write_tflite(g), g.name); };
    const auto sequence = backends::interp::run_blob_in_process(
        backends::interp::lower_and_write_blob(read(single)), samples.inputs);
    const auto at_once = backends::interp::run_blob_in_process(backends::interp::lower_and_write_blob(read(chain)), chain_inputs);
    ASSERT_EQ(sequence.size(), static_cast<size_t>(kSteps));
    ASSERT_EQ(at_once.size(), static_cast<size_t>(kSteps));
    for (int s = 0; s < kSteps; ++s) EXPECT_EQ(sequence[s].at(0), at_once[s]) << ir::dtype_name(dtype) << " inference " << s;
    EXPECT_NE(sequence[0].at(0), sequence[1].at(0));  // the inputs and the state differ

    if (!fs::exists(MLONMCU_SHARED_TFLM)) continue;
    const fs::path work = fs::path(MLONMCU_TEST_BINARY_DIR) / ("svdf_state_" + std::to_string(::getpid()));
    fs::create_directories(work);
    const fs::path file = work / "chain.tflite";
    write_binary_file(file.string(), modelbuilder::write_tflite(chain));
    const backends::tflm::Reference tflm({MLONMCU_SHARED_TFLM}, fs::path(MLONMCU_TEST_CACHE_DIR) / "tflmi_deps", work / "tflm");
    const auto want = tflm.run({{file, chain_inputs}});
    fs::remove_all(work);
    ASSERT_TRUE(want.at(0).ok) << want[0].error;
    EXPECT_EQ(want[0].outputs, at_once) << ir::dtype_name(dtype);
  }
}

}  // namespace
}  // namespace mlonmcu::lowering
