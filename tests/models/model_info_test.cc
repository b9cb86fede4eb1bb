// Model discovery, definition.yml reading, groups and name resolution.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "modelbuilder/demo_models.h"
#include "models/model_info.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

#define REQUIRE_SHARED_MODELS() \
  if (!fs::is_directory(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no shared models"

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("mlonmcu_h3_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_text(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

}  // namespace

TEST(ModelInfo, DiscoversTheZoo) {
  REQUIRE_SHARED_MODELS();
  const auto found = models::discover_models({MLONMCU_SHARED_MODELS, "/nonexistent/dir"});
  std::vector<std::string> names;
  for (const auto& m : found) names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"aww", "resnet", "sine_model", "toycar", "vww"}));
}

TEST(ModelInfo, ReadsAwwDefinition) {
  REQUIRE_SHARED_MODELS();
  const fs::path dir = fs::path(MLONMCU_SHARED_MODELS) / "aww";
  const models::ModelInfo info = models::read_model_info(dir / "aww.tflite");
  EXPECT_EQ(info.name, "aww");
  EXPECT_EQ(info.frontend, "tflite");
  ASSERT_TRUE(info.definition);
  ASSERT_EQ(info.inputs.size(), 1u);
  const auto& in = info.inputs[0];
  EXPECT_EQ(in.name, "input_1");
  EXPECT_EQ(in.shape, (std::vector<int32_t>{1, 49, 10, 1}));
  EXPECT_EQ(in.dtype, ir::DType::Int8);
  ASSERT_TRUE(in.quantize);
  EXPECT_FLOAT_EQ(in.quantize->scale, 0.5748363733291626f);
  EXPECT_EQ(in.quantize->zero_shift, 87);
  EXPECT_EQ(in.quantize->dtype, ir::DType::Float32);
  ASSERT_EQ(info.outputs.size(), 1u);
  ASSERT_TRUE(info.outputs[0].dequantize);
  EXPECT_FLOAT_EQ(info.outputs[0].dequantize->scale, 0.00390625f);
  EXPECT_EQ(info.outputs[0].dequantize->zero_shift, -128);
  ASSERT_TRUE(info.input_dir && info.output_dir && info.exact_output_dir);
  EXPECT_EQ(fs::weakly_canonical(*info.input_dir), fs::weakly_canonical(dir / "input"));
  EXPECT_EQ(fs::weakly_canonical(*info.output_dir), fs::weakly_canonical(dir / "output_tflite"));
  EXPECT_EQ(fs::weakly_canonical(*info.exact_output_dir), fs::weakly_canonical(dir / "output_tflm"));
}

TEST(ModelInfo, ResolvesNamesPathsAndGroups) {
  REQUIRE_SHARED_MODELS();
  const fs::path demo = fresh_dir("resolve");
  modelbuilder::write_demo_models(demo);
  const std::vector<fs::path> dirs = {MLONMCU_SHARED_MODELS, demo};
  auto one = models::resolve_models({"toycar"}, dirs);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].model_file.filename(), "toycar.tflite");
  auto group = models::resolve_models({"demo"}, dirs);
  ASSERT_EQ(group.size(), 4u);
  EXPECT_EQ(group[0].name, "demo_convnet");
  auto by_path = models::resolve_models({(demo / "demo_sine" / "demo_sine.tflite").string()}, dirs);
  ASSERT_EQ(by_path.size(), 1u);
  EXPECT_EQ(by_path[0].name, "demo_sine");
  auto by_dir = models::resolve_models({(demo / "demo_resnet").string() + "/"}, dirs);
  ASSERT_EQ(by_dir.size(), 1u);
  EXPECT_EQ(by_dir[0].name, "demo_resnet");
  try {
    models::resolve_models({"aw"}, dirs);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("did you mean: aww"), std::string::npos) << e.what();
  }
  try {
    models::resolve_models({"zzzzzzzzzzzz"}, dirs);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
  }
  fs::remove_all(demo);
}

TEST(ModelInfo, GroupsMergeAndSkipMissingModels) {
  const fs::path a = fresh_dir("groups_a");
  const fs::path b = fresh_dir("groups_b");
  modelbuilder::write_demo_models(a);
  write_text(a / "modelgroups.yml", "small:\n  - demo_sine\n  - not_here\n");
  write_text(b / "modelgroups.yml", "small:\n  - demo_autoencoder\n  - demo_sine\nother: [x]\n");
  const auto groups = models::discover_groups({a, b});
  ASSERT_EQ(groups.count("small"), 1u);
  EXPECT_EQ(groups.at("small"), (std::vector<std::string>{"demo_sine", "not_here", "demo_autoencoder"}));
  const auto resolved = models::resolve_models({"small"}, {a, b});
  ASSERT_EQ(resolved.size(), 2u);  // not_here is skipped with a warning
  EXPECT_THROW(models::resolve_models({"other"}, {a, b}), Error);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(ModelInfo, BadDefinitionIsAModelError) {
  const fs::path dir = fresh_dir("baddef");
  modelbuilder::write_demo_models(dir);
  write_text(dir / "demo_sine" / "definition.yml", "network_parameters:\n  input_nodes: [ {name: x, dtype: complex99} ]\n");
  try {
    models::read_model_info(dir / "demo_sine" / "demo_sine.tflite");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Model);
    EXPECT_NE(std::string(e.what()).find("complex99"), std::string::npos);
  }
  write_text(dir / "demo_sine" / "definition.yml", "network_parameters: [unclosed\n");
  EXPECT_THROW(models::read_model_info(dir / "demo_sine" / "demo_sine.tflite"), Error);
  fs::remove_all(dir);
}

TEST(ModelInfo, ModelWithoutDefinitionIsNamedByFile) {
  const fs::path dir = fresh_dir("nodef");
  modelbuilder::write_demo_models(dir);
  fs::copy_file(dir / "demo_sine" / "demo_sine.tflite", dir / "loose.tflite");
  const auto info = models::read_model_info(dir / "loose.tflite");
  EXPECT_EQ(info.name, "loose");
  EXPECT_FALSE(info.definition);
  EXPECT_TRUE(info.inputs.empty());
  fs::remove_all(dir);
}
