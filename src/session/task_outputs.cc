#include "session/task_outputs.h"

#include "common/error.h"

namespace mlonmcu::session {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path relative_if_inside(const fs::path& path, const fs::path& dir) {
  const fs::path rel = path.lexically_normal().lexically_relative(dir.lexically_normal());
  if (rel.empty() || rel.string().rfind("..", 0) == 0) return path;
  return rel;
}

std::vector<fs::path> rebase(const std::vector<fs::path>& paths, const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& p : paths) out.push_back(p.is_absolute() ? p : (dir / p).lexically_normal());
  return out;
}

json paths_json(const std::vector<fs::path>& paths) {
  json a = json::array();
  for (const auto& p : paths) a.push_back(p.string());
  return a;
}

std::vector<fs::path> paths_from(const json& a) {
  std::vector<fs::path> out;
  for (const auto& p : a) out.emplace_back(p.get<std::string>());
  return out;
}

json optional_json(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }
std::optional<int64_t> optional_from(const json& v) {
  if (v.is_null()) return std::nullopt;
  return v.get<int64_t>();
}

template <typename Fn>
auto parse(const char* what, Fn&& fn) {
  try {
    return fn();
  } catch (const json::exception& e) {
    throw Error(ErrorKind::Io, std::string("malformed stored ") + what + " output: " + e.what());
  }
}

}  // namespace

BuildOutput relative_build_output(const backends::BackendOutput& output, const fs::path& dir) {
  BuildOutput b;
  b.output = output;
  std::vector<std::vector<fs::path>*> lists = {&b.output.sources, &b.output.include_dirs};
  for (auto& lib : b.output.libraries) lists.insert(lists.end(), {&lib.sources, &lib.include_dirs});
  for (auto* list : lists)
    for (auto& p : *list) p = relative_if_inside(p, dir);
  return b;
}

backends::BackendOutput BuildOutput::in(const fs::path& build_dir) const {
  backends::BackendOutput o = output;
  o.sources = rebase(o.sources, build_dir);
  o.include_dirs = rebase(o.include_dirs, build_dir);
  for (auto& lib : o.libraries) {
    lib.sources = rebase(lib.sources, build_dir);
    lib.include_dirs = rebase(lib.include_dirs, build_dir);
  }
  return o;
}

json to_json(const BuildOutput& b) {
  json layers = json::array();
  for (const auto& l : b.output.layers) layers.push_back({{"op", l.op}, {"shapes", l.shapes}, {"macs", l.macs}});
  json libraries = json::array();
  for (const auto& lib : b.output.libraries)
    libraries.push_back({{"name", lib.name},
                         {"language", lib.language == targets::Language::Cxx ? "c++" : "c"},
                         {"sources", paths_json(lib.sources)},
                         {"include_dirs", paths_json(lib.include_dirs)},
                         {"defines", lib.defines}});
  return {{"sources", paths_json(b.output.sources)},
          {"include_dirs", paths_json(b.output.include_dirs)},
          {"defines", b.output.defines},
          {"libraries", libraries},
          {"workspace_bytes", b.output.workspace_bytes},
          {"workspace_lower_bound", b.output.workspace_lower_bound},
          {"layers", layers}};
}

BuildOutput build_output_from_json(const json& j) {
  return parse("BUILD", [&] {
    BuildOutput b;
    b.output.sources = paths_from(j.at("sources"));
    b.output.include_dirs = paths_from(j.at("include_dirs"));
    b.output.defines = j.at("defines").get<std::vector<std::string>>();
    for (const auto& l : j.at("libraries")) {
      targets::Library lib;
      lib.name = l.at("name").get<std::string>();
      lib.language = l.at("language").get<std::string>() == "c++" ? targets::Language::Cxx : targets::Language::C;
      lib.sources = paths_from(l.at("sources"));
      lib.include_dirs = paths_from(l.at("include_dirs"));
      lib.defines = l.at("defines").get<std::vector<std::string>>();
      b.output.libraries.push_back(std::move(lib));
    }
    b.output.workspace_bytes = j.at("workspace_bytes").get<int64_t>();
    b.output.workspace_lower_bound = j.at("workspace_lower_bound").get<int64_t>();
    for (const auto& l : j.at("layers")) b.output.layers.push_back(
          {l.at("op").get<std::string>(), l.at("shapes").get<std::string>(), l.value("macs", int64_t{0})});
    return b;
  });
}

json to_json(const CompileOutput& c) {
  const auto& m = c.memory;
  return {{"program", c.program},
          {"memory",
           {{"rom_code", m.rom_code}, {"rom_read_only", m.rom_read_only}, {"rom_misc", m.rom_misc},
            {"ram_data", m.ram_data}, {"ram_zero_init", m.ram_zero_init}, {"ram_stack", m.ram_stack},
            {"ram_heap", m.ram_heap}}}};
}

CompileOutput compile_output_from_json(const json& j) {
  return parse("COMPILE", [&] {
    CompileOutput c;
    c.program = j.at("program").get<std::string>();
    const json& m = j.at("memory");
    c.memory.rom_code = m.at("rom_code").get<int64_t>();
    c.memory.rom_read_only = m.at("rom_read_only").get<int64_t>();
    c.memory.rom_misc = m.at("rom_misc").get<int64_t>();
    c.memory.ram_data = m.at("ram_data").get<int64_t>();
    c.memory.ram_zero_init = m.at("ram_zero_init").get<int64_t>();
    c.memory.ram_stack = m.at("ram_stack").get<int64_t>();
    c.memory.ram_heap = m.at("ram_heap").get<int64_t>();
    return c;
  });
}

json to_json(const RunOutput& r) {
  const auto& x = r.result;
  return {{"exit_code", x.exit_code},
          {"setup_instructions", optional_json(x.setup_instructions)},
          {"run_instructions", optional_json(x.run_instructions)},
          {"total_instructions", optional_json(x.total_instructions)},
          {"total_cycles", optional_json(x.total_cycles)},
          {"stack_bytes", optional_json(x.stack_bytes)},
          {"layer_instructions", x.layer_instructions},
          {"inferences", r.inferences},
          {"program_stack", optional_json(r.program_stack)}};
}

RunOutput run_output_from_json(const json& j, std::string stdout_text) {
  return parse("RUN", [&] {
    RunOutput r;
    r.result.exit_code = j.at("exit_code").get<int>();
    r.result.output = std::move(stdout_text);
    r.result.setup_instructions = optional_from(j.at("setup_instructions"));
    r.result.run_instructions = optional_from(j.at("run_instructions"));
    r.result.total_instructions = optional_from(j.at("total_instructions"));
    r.result.total_cycles = optional_from(j.at("total_cycles"));
    r.result.stack_bytes = optional_from(j.at("stack_bytes"));
    r.result.layer_instructions = j.at("layer_instructions").get<std::vector<int64_t>>();
    r.inferences = j.at("inferences").get<int64_t>();
    r.program_stack = optional_from(j.at("program_stack"));
    return r;
  });
}

json to_json(const PostprocessOutput& p) { return {{"cells", p.cells}}; }

PostprocessOutput postprocess_output_from_json(const json& j) {
  return parse("POSTPROCESS", [&] {
    PostprocessOutput p;
    p.cells = j.at("cells").get<std::map<std::string, std::string>>();
    return p;
  });
}

}  // namespace mlonmcu::session
