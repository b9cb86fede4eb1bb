// `mlonmcu models [--detailed]`: what the environment's model directories hold.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <system_error>

#include "cli/commands.h"
#include "models/model_info.h"

namespace mlonmcu::cli {

namespace {

namespace fs = std::filesystem;

std::string shape_text(const std::vector<int32_t>& shape) {
  if (shape.empty()) return "?";
  return fmt::format("{}", fmt::join(shape, "x"));
}

std::string tensor_text(const models::TensorSpec& t) {
  std::string text = fmt::format("{} {} {}", t.name.empty() ? "?" : t.name, shape_text(t.shape),
                                 t.dtype ? ir::dtype_name(*t.dtype) : "?");
  const auto& q = t.quantize ? t.quantize : t.dequantize;
  if (q) {
    text += fmt::format(" ({} {} scale {} zero {})", t.quantize ? "quantize from" : "dequantize to",
                        ir::dtype_name(q->dtype), q->scale, q->zero_shift);
  }
  return text;
}

// Golden samples are files named by sample index (0.bin, 1.npy, ...).
size_t count_samples(const std::optional<fs::path>& dir) {
  if (!dir) return 0;
  std::error_code ec;
  size_t count = 0;
  for (fs::directory_iterator it(*dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto ext = it->path().extension();
    if (it->is_regular_file(ec) && (ext == ".bin" || ext == ".npy" || ext == ".npz")) ++count;
  }
  return count;
}

// A golden data directory as users see it in the zoo: relative to the model's folder.
std::string short_dir(const fs::path& dir, const models::ModelInfo& m) {
  fs::path rel = dir.lexically_normal().lexically_relative(m.model_file.parent_path().lexically_normal());
  if (rel.empty() || rel.string().rfind("..", 0) == 0) rel = dir;
  std::string text = rel.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text + "/";
}

void print_detailed(const models::ModelInfo& m) {
  fmt::print("{}\n", m.name);
  fmt::print("  file:       {}\n", m.model_file.string());
  if (m.problem) {
    fmt::print("  problem:    {}\n", *m.problem);
    return;
  }
  fmt::print("  frontend:   {}\n", m.frontend);
  if (m.definition) fmt::print("  definition: {}\n", m.definition->string());
  for (const auto& t : m.inputs) fmt::print("  input:      {}\n", tensor_text(t));
  for (const auto& t : m.outputs) fmt::print("  output:     {}\n", tensor_text(t));
  const size_t samples = count_samples(m.input_dir);
  if (samples == 0) {
    fmt::print("  golden:     none (synthetic inputs, no output check)\n");
    return;
  }
  std::string golden = fmt::format("{} input sample(s) in {}", samples, short_dir(*m.input_dir, m));
  if (m.exact_output_dir) golden += fmt::format(", bit-exact outputs in {}", short_dir(*m.exact_output_dir, m));
  if (m.output_dir) golden += fmt::format(", reference outputs in {}", short_dir(*m.output_dir, m));
  fmt::print("  golden:     {}\n", golden);
}

}  // namespace

CommandRunner add_models_command(CLI::App& app) {
  auto detailed = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("models", "List the models and model groups of the environment");
  cmd->add_flag("--detailed", *detailed, "Show files, tensors and golden data of each model");
  return [detailed](const GlobalOptions& global) {
    const auto env = open_environment(global);
    const auto found = models::discover_models(env.model_dirs);
    const auto groups = models::discover_groups(env.model_dirs);
    if (found.empty()) {
      fmt::print("no models found in:\n");
      for (const auto& dir : env.model_dirs) fmt::print("  {}\n", dir.string());
      fmt::print("(a model is <dir>/<name>/<name>.tflite; add directories to paths.models in {})\n",
                 (env.home / "environment.yml").string());
      return kExitOk;
    }
    if (*detailed) {
      for (const auto& m : found) print_detailed(m);
    } else {
      size_t width = 0;
      for (const auto& m : found) width = std::max(width, m.name.size());
      fmt::print("Models ({}):\n", found.size());
      for (const auto& m : found) {
        fmt::print("  {:<{}}  {}\n", m.name, width, m.model_file.string());
      }
    }
    // A broken model is one warning; its runs fail at LOAD, the other models work.
    for (const auto& m : found)
      if (m.problem) spdlog::warn("model '{}' cannot be used: {}", m.name, *m.problem);
    if (!groups.empty()) {
      fmt::print("Groups ({}):\n", groups.size());
      for (const auto& [name, members] : groups) fmt::print("  {}: {}\n", name, fmt::join(members, ", "));
    }
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
