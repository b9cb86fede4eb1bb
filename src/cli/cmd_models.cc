// `mlonmcu models [--detailed]`: what the environment's model directories hold; in detail also
// what each model file itself says (tensors, ops) and which backends can run it.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <system_error>

#include "backends/support.h"
#include "cli/commands.h"
#include "common/error.h"
#include "frontends/frontend.h"
#include "models/model_info.h"
#include "session/config_registry.h"

namespace mlonmcu::cli {

namespace {

namespace fs = std::filesystem;

std::string shape_text(const std::vector<int32_t>& shape) {
  if (shape.empty()) return "?";
  return fmt::format("{}", fmt::join(shape, "x"));
}

// What definition.yml adds to a tensor: how golden data is converted for it.
std::string conversion_text(const models::TensorSpec& t) {
  const auto& q = t.quantize ? t.quantize : t.dequantize;
  if (!q) return "";
  return fmt::format(" [definition: {} {} scale {} zero {}]", t.quantize ? "quantize from" : "dequantize to",
                     ir::dtype_name(q->dtype), q->scale, q->zero_shift);
}

std::string tensor_text(const models::TensorSpec& t) {
  return fmt::format("{} {} {}", t.name.empty() ? "?" : t.name, shape_text(t.shape),
                     t.dtype ? ir::dtype_name(*t.dtype) : "?") +
         conversion_text(t);
}

// A graph tensor as the model file gives it, with the definition's conversion when it has one.
std::string tensor_text(const ir::Tensor& t, const models::TensorSpec* spec) {
  std::string text = fmt::format("{} {} {}", t.name, t.shape.empty() ? "scalar" : shape_text(t.shape), ir::dtype_name(t.dtype));
  if (t.quant.per_channel())
    text += fmt::format(" ({} scales along axis {})", t.quant.scale.size(), t.quant.axis);
  else if (!t.quant.empty())
    text += fmt::format(" (scale {} zero point {})", t.quant.scale[0], t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0]);
  return spec ? text + conversion_text(*spec) : text;
}

// The ops in order of first use, with their counts: "CONV_2D x4, RESHAPE".
std::string ops_text(const ir::Graph& g) {
  std::vector<std::pair<std::string, int>> counts;
  for (const ir::Operator& op : g.ops) {
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == op.type_name; });
    if (it == counts.end()) counts.emplace_back(op.type_name, 1);
    else ++it->second;
  }
  std::vector<std::string> parts;
  for (const auto& [name, n] : counts) parts.push_back(n > 1 ? fmt::format("{} x{}", name, n) : name);
  return fmt::format("{} ({})", g.ops.size(), fmt::join(parts, ", "));
}

void print_tensors(const char* label, const ir::Graph& g, const std::vector<int32_t>& indices,
                   const std::vector<models::TensorSpec>& specs) {
  for (size_t i = 0; i < indices.size(); ++i) {
    const models::TensorSpec* spec = specs.size() == indices.size() ? &specs[i] : nullptr;
    fmt::print("  {:<11} {}\n", label, tensor_text(g.tensors[static_cast<size_t>(indices[i])], spec));
  }
}

void print_support(const ir::Graph& g, const models::ModelInfo& m, const config::Config& cfg) {
  using State = backends::BackendSupport::State;
  const auto support = backends::backend_support(g, m.model_file, cfg);
  size_t width = 0;
  for (const auto& s : support) width = std::max(width, s.backend.size());
  for (const auto& s : support) {
    std::string verdict = "yes";
    // What is missing in short (the whole story and how to get it: `mlonmcu setup`).
    if (s.state == State::Missing)
      verdict = fmt::format("yes once set up: {} (mlonmcu setup)", s.detail.substr(0, s.detail.find(':')));
    if (s.state == State::No) verdict = "no: " + s.detail;
    fmt::print("  backend:    {:<{}}  {}\n", s.backend, width, verdict);
  }
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

void print_detailed(const models::ModelInfo& m, const config::Config& cfg) {
  fmt::print("{}\n", m.name);
  fmt::print("  file:       {}\n", m.model_file.string());
  if (m.problem) {
    fmt::print("  problem:    {}\n", *m.problem);
    return;
  }
  fmt::print("  frontend:   {}\n", m.frontend);
  if (m.definition) fmt::print("  definition: {}\n", m.definition->string());
  // The model file is the authority on its tensors; definition.yml only when it cannot be read.
  std::optional<ir::Graph> graph;
  try {
    graph = frontends::load_model(m.model_file);
  } catch (const Error& e) {
    fmt::print("  model:      cannot be read: {}\n", e.what());
  }
  if (graph) {
    print_tensors("input:", *graph, graph->inputs, m.inputs);
    print_tensors("output:", *graph, graph->outputs, m.outputs);
    fmt::print("  ops:        {}\n", ops_text(*graph));
    print_support(*graph, m, cfg);
  } else {
    for (const auto& t : m.inputs) fmt::print("  input:      {}\n", tensor_text(t));
    for (const auto& t : m.outputs) fmt::print("  output:     {}\n", tensor_text(t));
  }
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
  cmd->add_flag("--detailed", *detailed,
                "Show each model's files, tensors and ops (from the model file), the backends that can run it, "
                "and its golden data");
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
      // The environment's defaults (tflm.src_dir, ...) decide what the backends find.
      const config::Config cfg = config::Config::parse(session::config_registry(), env.default_configs);
      for (const auto& m : found) print_detailed(m, cfg);
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
