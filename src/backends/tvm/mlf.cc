#include "backends/tvm/mlf.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace mlonmcu::backends::tvm {

namespace {

using Json = nlohmann::ordered_json;  // keeps the I/O order of metadata.json

constexpr int kMlfVersion = 7;  // TVM v0.17.0

[[noreturn]] void fail(const std::string& what, const std::string& problem) {
  throw Error(ErrorKind::Model, fmt::format("MLF {}: {}", what, problem));
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  const size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Json read_metadata(const fs::path& root, const std::string& what) {
  const fs::path file = root / "metadata.json";
  if (!fs::exists(file)) fail(what, "no metadata.json (not a Model Library Format archive of tvmc)");
  try {
    return Json::parse(read_text(file));
  } catch (const Json::exception& e) {
    fail(what, fmt::format("metadata.json is not valid JSON ({})", e.what()));
  }
}

// The members of `struct <prefix>_<kind> { void* NAME; ... };` in the AOT header, in order.
std::vector<std::string> struct_fields(const std::string& header, const std::string& name) {
  std::vector<std::string> fields;
  const size_t start = header.find("struct " + name + " {");
  if (start == std::string::npos) return fields;
  const size_t end = header.find("};", start);
  std::istringstream body(header.substr(start, end - start));
  std::string line;
  std::getline(body, line);  // the struct line itself
  while (std::getline(body, line)) {
    line = trim(line);
    if (line.rfind("void*", 0) != 0 || line.back() != ';') continue;
    fields.push_back(trim(line.substr(5, line.size() - 6)));
  }
  return fields;
}

// `#define NAME 123` in the header, or -1.
int64_t header_define(const std::string& header, const std::string& name) {
  const std::string key = "#define " + name + " ";
  const size_t at = header.find(key);
  if (at == std::string::npos) return -1;
  try {
    return std::stoll(header.substr(at + key.size()));
  } catch (const std::exception&) {
    return -1;
  }
}

// The operator calls of the AOT entry point `<prefix>___tvm_main__`, in order.
std::vector<std::string> aot_operator_calls(const std::string& source, const std::string& prefix) {
  std::vector<std::string> calls;
  std::istringstream lines(source);
  std::string line;
  const std::string main_name = prefix + "___tvm_main__(";
  bool in_main = false;
  while (std::getline(lines, line)) {
    if (!in_main) {
      in_main = line.find(main_name) != std::string::npos && trim(line).back() == '{';
      continue;
    }
    if (line.rfind('}', 0) == 0) break;
    const std::string t = trim(line);
    const std::string call = "if (" + prefix + "_";
    if (t.rfind(call, 0) == 0) calls.push_back(t.substr(4, t.find('(', 4) - 4));
  }
  return calls;
}

void read_aot(Mlf& mlf, const Json& main, const std::string& what) {
  const fs::path header_file = mlf.include_dir() / (mlf.prefix() + ".h");
  if (!fs::exists(header_file)) fail(what, fmt::format("no codegen/host/include/{}.h", mlf.prefix()));
  if (!fs::exists(mlf.crt_dir() / "include" / "tvm" / "runtime" / "c_runtime_api.h"))
    fail(what, "no runtime/ (TVM's C runtime) beside the AOT code");
  const std::string header = read_text(header_file);
  const auto assign = [&](const char* kind, const char* key, std::vector<MlfTensor>& tensors) {
    const std::vector<std::string> fields = struct_fields(header, mlf.prefix() + "_" + kind);
    const Json& meta = main.at(key);
    if (fields.size() != meta.size())
      fail(what, fmt::format("{}.h names {} {} but metadata.json {}", mlf.prefix(), fields.size(), kind, meta.size()));
    size_t i = 0;
    for (const auto& [name, info] : meta.items()) {
      MlfTensor t{name, fields[i++], info.at("dtype").get<std::string>(), info.at("size").get<int64_t>()};
      const int64_t declared = header_define(header, upper(mlf.prefix() + "_" + t.field) + "_SIZE");
      if (declared != t.bytes)
        fail(what, fmt::format("{} {} has {} bytes in metadata.json but {} in the header", kind, name, t.bytes, declared));
      tensors.push_back(std::move(t));
    }
  };
  assign("inputs", "inputs", mlf.inputs);
  assign("outputs", "outputs", mlf.outputs);
  bool allocates = false;
  for (const auto& source : mlf.sources) {
    const std::string text = read_text(source);
    allocates = allocates || text.find("TVMBackendAllocWorkspace(") != std::string::npos;
    if (mlf.operators.empty()) mlf.operators = aot_operator_calls(text, mlf.prefix());
  }
  mlf.usmp = !allocates;
  if (mlf.operators.empty()) fail(what, fmt::format("no operator calls in {}___tvm_main__", mlf.prefix()));
}

void read_graph(Mlf& mlf, const Json& main, const std::string& what) {
  if (!fs::exists(mlf.graph_json())) fail(what, "graph executor without executor-config/graph/default.graph");
  Json graph;
  try {
    graph = Json::parse(read_text(mlf.graph_json()));
    for (const auto& node : graph.at("nodes"))
      if (node.at("op") == "tvm_op") mlf.operators.push_back(node.at("attrs").at("func_name").get<std::string>());
    for (const auto& [name, info] : main.at("inputs").items())
      mlf.inputs.push_back({name, name, info.at("dtype").get<std::string>(), info.at("size").get<int64_t>()});
    for (const auto& [name, info] : main.at("outputs").items())
      mlf.outputs.push_back({name, name, info.at("dtype").get<std::string>(), info.at("size").get<int64_t>()});
  } catch (const Json::exception& e) {
    fail(what, fmt::format("unexpected graph or metadata ({})", e.what()));
  }
  if (mlf.operators.empty()) fail(what, "the graph has no operators");
}

}  // namespace

Mlf read_mlf(const fs::path& root, const std::string& what) {
  const Json meta = read_metadata(root, what);
  Mlf mlf;
  mlf.root = root;
  try {
    if (!meta.contains("version") || meta.at("version") != kMlfVersion)
      fail(what, fmt::format("metadata version {} (MLonMCU reads version {}, TVM v0.17.0)",
                             meta.contains("version") ? meta.at("version").dump() : "missing", kMlfVersion));
    const Json& modules = meta.at("modules");
    if (modules.size() != 1) fail(what, fmt::format("{} modules (one expected)", modules.size()));
    const auto first = modules.begin();
    mlf.module = first.key();
    const Json& module = first.value();
    const Json& executors = module.at("executors");
    if (executors.size() != 1) fail(what, "not exactly one executor");
    mlf.executor = executors.at(0).get<std::string>();
    const Json& main = module.at("memory").at("functions").at("main").at(0);
    mlf.workspace_bytes = main.at("workspace_size_bytes").get<int64_t>();
    mlf.constants_bytes = main.value("constants_size_bytes", int64_t{0});
    std::error_code ec;
    const fs::path src = root / "codegen" / "host" / "src";
    for (const auto& entry : fs::directory_iterator(src, ec))
      if (entry.path().extension() == ".c") mlf.sources.push_back(entry.path());
    if (mlf.sources.empty()) fail(what, "no generated C code (codegen/host/src/*.c)");
    std::sort(mlf.sources.begin(), mlf.sources.end());
    if (mlf.executor == "aot") read_aot(mlf, main, what);
    else if (mlf.executor == "graph") read_graph(mlf, main, what);
    else fail(what, fmt::format("executor '{}' (aot or graph expected)", mlf.executor));
  } catch (const Json::exception& e) {
    fail(what, fmt::format("metadata.json lacks what tvmc writes ({})", e.what()));
  }
  return mlf;
}

}  // namespace mlonmcu::backends::tvm
