// Model directories in the `mlonmcu-models` layout and their definition.yml.
#include "models/model_info.h"

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "common/error.h"

namespace mlonmcu::models {

namespace {

[[noreturn]] void bad_definition(const fs::path& file, const std::string& problem) {
  throw Error(ErrorKind::Model, file.string() + ": " + problem);
}

ir::DType parse_dtype(const std::string& text, const fs::path& file) {
  static const std::pair<const char*, ir::DType> kNames[] = {
      {"float32", ir::DType::Float32}, {"int8", ir::DType::Int8},   {"uint8", ir::DType::UInt8},
      {"int16", ir::DType::Int16},     {"int32", ir::DType::Int32}, {"int64", ir::DType::Int64},
      {"bool", ir::DType::Bool}};
  for (const auto& [name, dtype] : kNames) {
    if (text == name) return dtype;
  }
  bad_definition(file, "unknown dtype '" + text + "'");
}

QuantSpec parse_quant(const YAML::Node& node, const fs::path& file) {
  QuantSpec q;
  if (node["scale"]) q.scale = node["scale"].as<float>();
  if (node["zero_shift"]) q.zero_shift = node["zero_shift"].as<int32_t>();
  if (node["dtype"]) q.dtype = parse_dtype(node["dtype"].as<std::string>(), file);
  if (!(q.scale > 0.0f)) bad_definition(file, "quantization scale must be positive");
  return q;
}

TensorSpec parse_tensor(const YAML::Node& node, const fs::path& file, bool is_input) {
  TensorSpec spec;
  if (node["name"]) spec.name = node["name"].as<std::string>();
  if (node["shape"]) {
    for (const auto& d : node["shape"]) spec.shape.push_back(d.as<int32_t>());
  }
  if (node["dtype"]) spec.dtype = parse_dtype(node["dtype"].as<std::string>(), file);
  const char* key = is_input ? "quantize" : "dequantize";
  if (node[key] && node[key].IsMap()) {
    auto q = parse_quant(node[key], file);
    if (is_input) spec.quantize = q;
    else spec.dequantize = q;
  }
  return spec;
}

std::optional<fs::path> existing_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return fs::weakly_canonical(dir, ec);
  return std::nullopt;
}

// Resolves a path given in definition.yml relative to the model directory.
fs::path relative_to(const fs::path& base, const std::string& text) {
  const fs::path p(text);
  return (p.is_absolute() ? p : base / p).lexically_normal();
}

void read_definition(ModelInfo& info, const fs::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    bad_definition(file, std::string("invalid YAML: ") + e.what());
  }
  const fs::path dir = file.parent_path();
  try {
    const YAML::Node params = root["network_parameters"];
    if (!params) return;
    if (params["input_nodes"]) {
      for (const auto& node : params["input_nodes"]) {
        info.inputs.push_back(parse_tensor(node, file, true));
        if (!info.input_dir && node["example_input"] && node["example_input"]["path"]) {
          info.input_dir = relative_to(dir, node["example_input"]["path"].as<std::string>());
        }
      }
    }
    if (params["output_nodes"]) {
      for (const auto& node : params["output_nodes"]) {
        info.outputs.push_back(parse_tensor(node, file, false));
        if (!info.output_dir && node["test_output_path"]) {
          info.output_dir = relative_to(dir, node["test_output_path"].as<std::string>());
        }
      }
    }
  } catch (const YAML::Exception& e) {
    bad_definition(file, std::string("unexpected content: ") + e.what());
  }
}

// The model file a zoo directory holds: <name>.tflite or <name>.onnx, else definition.yml's
// network.filename.
std::optional<fs::path> model_file_in(const fs::path& dir) {
  std::error_code ec;
  for (const char* ext : {".tflite", ".onnx"}) {
    const fs::path by_name = dir / (dir.filename().string() + ext);
    if (fs::is_regular_file(by_name, ec)) return by_name;
  }
  const fs::path def = dir / "definition.yml";
  if (!fs::is_regular_file(def, ec)) return std::nullopt;
  try {
    const YAML::Node root = YAML::LoadFile(def.string());
    if (root["network"] && root["network"]["filename"]) {
      const fs::path file = dir / root["network"]["filename"].as<std::string>();
      if (fs::is_regular_file(file, ec)) return file;
    }
  } catch (const YAML::Exception&) {
    // A broken definition is reported when the model is used, not while listing.
  }
  return std::nullopt;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string close_matches(const std::string& name, const std::vector<std::string>& known) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& k : known) {
    const size_t d = edit_distance(name, k);
    const bool substring = !name.empty() && (k.find(name) != std::string::npos || name.find(k) != std::string::npos);
    if (substring || d <= std::max<size_t>(2, name.size() / 3)) scored.emplace_back(substring ? 0 : d, k);
  }
  std::sort(scored.begin(), scored.end());
  std::string out;
  for (size_t i = 0; i < scored.size() && i < 5; ++i) out += (i ? ", " : "") + scored[i].second;
  return out;
}

}  // namespace

ModelInfo read_model_info(const fs::path& model_file) {
  ModelInfo info;
  std::error_code ec;
  info.model_file = fs::weakly_canonical(model_file, ec);
  if (ec) info.model_file = model_file;
  const fs::path dir = info.model_file.parent_path();
  const fs::path def = dir / "definition.yml";
  // In the zoo layout the directory names the model (sine_model/ holds hello_world.tflite too).
  info.name = fs::is_regular_file(def, ec) ? dir.filename().string() : info.model_file.stem().string();
  if (fs::is_regular_file(def, ec)) {
    info.definition = def;
    read_definition(info, def);
  }
  if (!info.input_dir) info.input_dir = existing_dir(dir / "input");
  if (!info.output_dir) info.output_dir = existing_dir(dir / "output");
  // Bit-exact targets: TFLite-Micro's reference kernels' outputs, onnxruntime's for ONNX
  // models, or (for models that come without any, like the demo zoo) MLonMCU's host reference.
  info.exact_output_dir = existing_dir(dir / "output_tflm");
  if (!info.exact_output_dir) info.exact_output_dir = existing_dir(dir / "output_onnxruntime");
  if (!info.exact_output_dir) info.exact_output_dir = existing_dir(dir / "output_mlonmcu");
  return info;
}

namespace {

ModelInfo model_info_or_problem(const fs::path& model_file, const std::string& name) {
  try {
    return read_model_info(model_file);
  } catch (const Error& e) {
    ModelInfo info;
    info.name = name;
    info.model_file = model_file;
    info.problem = e.what();
    return info;
  }
}

}  // namespace

std::vector<ModelInfo> discover_models(const std::vector<fs::path>& model_dirs) {
  std::vector<ModelInfo> models;
  std::set<std::string> seen;
  for (const fs::path& root : model_dirs) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
      if (entry.is_directory(ec)) dirs.push_back(entry.path());
    }
    std::sort(dirs.begin(), dirs.end());
    for (const fs::path& dir : dirs) {
      // Earlier model directories win over later ones with the same model name.
      if (seen.count(dir.filename().string())) continue;
      if (auto file = model_file_in(dir)) {
        ModelInfo info = model_info_or_problem(*file, dir.filename().string());
        info.name = dir.filename().string();
        seen.insert(info.name);
        models.push_back(std::move(info));
      }
    }
  }
  std::sort(models.begin(), models.end(),
            [](const ModelInfo& a, const ModelInfo& b) { return a.name < b.name; });
  return models;
}

std::map<std::string, std::vector<std::string>> discover_groups(const std::vector<fs::path>& model_dirs) {
  std::map<std::string, std::vector<std::string>> groups;
  for (const fs::path& root : model_dirs) {
    const fs::path file = root / "modelgroups.yml";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) continue;
    YAML::Node node;
    try {
      node = YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
      throw Error(ErrorKind::Model, file.string() + ": invalid YAML: " + e.what());
    }
    if (!node.IsMap()) continue;
    for (const auto& group : node) {
      auto& members = groups[group.first.as<std::string>()];
      if (!group.second.IsSequence()) continue;
      for (const auto& m : group.second) {
        const auto name = m.as<std::string>();
        if (std::find(members.begin(), members.end(), name) == members.end()) members.push_back(name);
      }
    }
  }
  return groups;
}

std::vector<ModelInfo> resolve_models(const std::vector<std::string>& names,
                                      const std::vector<fs::path>& model_dirs) {
  const std::vector<ModelInfo> known = discover_models(model_dirs);
  auto find = [&](const std::string& name) -> const ModelInfo* {
    for (const auto& m : known) {
      if (m.name == name) return &m;
    }
    return nullptr;
  };
  std::optional<std::map<std::string, std::vector<std::string>>> groups;
  std::vector<ModelInfo> out;
  for (const std::string& name : names) {
    std::error_code ec;
    if (const ModelInfo* m = find(name)) {
      out.push_back(*m);
      continue;
    }
    if (fs::is_regular_file(name, ec)) {
      out.push_back(model_info_or_problem(name, fs::path(name).stem().string()));
      continue;
    }
    if (fs::is_directory(name, ec)) {  // a zoo-style model directory given by path
      if (auto file = model_file_in(fs::canonical(name, ec))) {
        out.push_back(model_info_or_problem(*file, file->parent_path().filename().string()));
        continue;
      }
    }
    if (!groups) groups = discover_groups(model_dirs);
    if (auto g = groups->find(name); g != groups->end()) {
      size_t found = 0;
      for (const auto& member : g->second) {
        if (const ModelInfo* m = find(member)) {
          out.push_back(*m);
          ++found;
        } else {
          spdlog::warn("model group '{}': model '{}' not found, skipped", name, member);
        }
      }
      if (found == 0) {
        throw Error(ErrorKind::Usage, "model group '" + name + "' has no models in the model directories");
      }
      continue;
    }
    std::vector<std::string> candidates;
    for (const auto& m : known) candidates.push_back(m.name);
    for (const auto& [g, members] : *groups) candidates.push_back(g);
    const std::string hint = close_matches(name, candidates);
    throw Error(ErrorKind::Usage, "unknown model '" + name + "'" +
                                      (hint.empty() ? std::string(" (not a model name, group or file)")
                                                    : " (did you mean: " + hint + "?)"));
  }
  return out;
}

}  // namespace mlonmcu::models
