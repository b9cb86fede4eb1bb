// Golden data of the real zoo models: conversion of float32 / uint8 inputs to int8, exact
// (output_tflm) and reference (output_tflite) outputs. Expected numbers were computed
// independently with Python from the raw files (float32 division, round half away from zero).
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "frontends/frontend.h"
#include "models/golden.h"
#include "models/model_info.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

#define REQUIRE_SHARED_MODELS() \
  if (!fs::is_directory(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no shared models"

struct Loaded {
  models::ModelInfo info;
  ir::Graph graph;
  models::GoldenData golden;
};

Loaded load(const std::string& name) {
  Loaded l;
  auto found = models::resolve_models({name}, {MLONMCU_SHARED_MODELS});
  l.info = found.at(0);
  l.graph = frontends::load_model(l.info.model_file);
  l.golden = models::load_golden(l.info, l.graph);
  return l;
}

std::vector<int> first_int8(const models::Bytes& b, size_t n) {
  std::vector<int> out;
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<int8_t>(b.at(i)));
  return out;
}

}  // namespace

TEST(GoldenReal, AwwFloatInputsAreQuantized) {
  REQUIRE_SHARED_MODELS();
  const Loaded l = load("aww");
  ASSERT_EQ(l.golden.num_samples(), 10u);
  ASSERT_EQ(l.golden.inputs[0].size(), 1u);
  EXPECT_EQ(l.golden.inputs[0][0].size(), 490u);  // 49*10 int8
  // x = -27.3655, 2.8682, ... ; q = round(x / 0.57483637) + 87
  EXPECT_EQ(first_int8(l.golden.inputs[0][0], 5), (std::vector<int>{39, 92, 91, 90, 90}));

  ASSERT_TRUE(l.golden.exact_outputs);
  ASSERT_EQ(l.golden.exact_outputs->size(), 10u);
  EXPECT_EQ(first_int8(l.golden.exact_outputs->at(0).at(0), 12),
            (std::vector<int>{-107, -126, -128, 80, -128, -128, -128, -128, -128, -128, -128, -103}));
  ASSERT_TRUE(l.golden.reference_outputs);
  const auto& ref = l.golden.reference_outputs->at(0).at(0);
  ASSERT_EQ(ref.size(), 12u);
  EXPECT_FLOAT_EQ(ref[0], 0.09375f);
  EXPECT_FLOAT_EQ(ref[3], 0.80078125f);
  // Top-1 of the reference agrees with top-1 of the exact output (class 3).
  EXPECT_EQ(std::max_element(ref.begin(), ref.end()) - ref.begin(), 3);
}

TEST(GoldenReal, ResnetUint8PixelsAreShifted) {
  REQUIRE_SHARED_MODELS();
  const Loaded l = load("resnet");
  ASSERT_EQ(l.golden.num_samples(), 10u);
  EXPECT_EQ(l.golden.inputs[0][0].size(), 3072u);
  // Pixels 101, 67, 44, 121, 83 -> q = x - 128.
  EXPECT_EQ(first_int8(l.golden.inputs[0][0], 5), (std::vector<int>{-27, -61, -84, -7, -45}));
  EXPECT_EQ(l.golden.exact_outputs->at(0).at(0).size(), 10u);
}

TEST(GoldenReal, VwwFloatImagesAreQuantized) {
  REQUIRE_SHARED_MODELS();
  const Loaded l = load("vww");
  EXPECT_EQ(l.golden.inputs[0][0].size(), 96u * 96u * 3u);
  EXPECT_EQ(first_int8(l.golden.inputs[0][0], 5), (std::vector<int>{0, -15, -46, -34, -47}));
  EXPECT_EQ(l.golden.reference_outputs->at(0).at(0).size(), 2u);
}

TEST(GoldenReal, ToycarShapes) {
  REQUIRE_SHARED_MODELS();
  const Loaded l = load("toycar");
  EXPECT_GT(l.golden.num_samples(), 0u);
  EXPECT_EQ(l.golden.inputs[0][0].size(), 640u);
  EXPECT_EQ(l.golden.exact_outputs->at(0).at(0).size(), 640u);
  EXPECT_EQ(l.golden.reference_outputs->at(0).at(0).size(), 640u);
}

TEST(GoldenReal, SineModelIsPlainFloat) {
  REQUIRE_SHARED_MODELS();
  const Loaded l = load("sine_model");
  EXPECT_EQ(l.info.model_file.filename(), "sine_model.tflite");  // not hello_world.tflite
  ASSERT_GT(l.golden.num_samples(), 0u);
  float x;
  std::memcpy(&x, l.golden.inputs[0][0].data(), 4);
  EXPECT_EQ(x, 0.0f);
  ASSERT_TRUE(l.golden.reference_outputs);
  EXPECT_FLOAT_EQ(l.golden.reference_outputs->at(0).at(0).at(0), 0.032038867473602295f);
  ASSERT_TRUE(l.golden.exact_outputs);
  EXPECT_EQ(l.golden.exact_outputs->at(0).at(0).size(), 4u);
}
