#include "backends/aot/kernel_sources.h"

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "backends/runtime_sources.h"
#include "common/error.h"

namespace mlonmcu::backends::aot {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct KernelTree {
  fs::path root;                                    // src/kernels
  std::map<std::string, fs::path> defined_in;       // function -> source (relative)
  std::map<fs::path, std::set<std::string>> calls;  // source -> mlonmcu_* names it uses
  std::map<std::string, std::string> declared_in;   // function -> public include name
};

KernelTree scan_kernels() {
  KernelTree tree;
  tree.root = source_root() / "kernels";
  // A definition starts a line (not `static`) and its signature does not end in ';'.
  static const std::regex definition(R"(^[A-Za-z_][\w \*]*\b(mlonmcu_\w+)\([^;]*$)");
  static const std::regex use(R"(\b(mlonmcu_\w+)\s*\()");
  for (const auto& entry : fs::directory_iterator(tree.root)) {
    if (entry.path().extension() != ".c") continue;
    const fs::path rel = entry.path().filename();
    const std::string text = read_file(entry.path());
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (line.rfind("static", 0) != 0 && std::regex_search(line, m, definition))
        tree.defined_in[m[1]] = rel;
    }
    auto& used = tree.calls[rel];
    for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it)
      used.insert((*it)[1]);
  }
  const fs::path public_dir = tree.root / "include" / "mlonmcu" / "kernels";
  for (const auto& entry : fs::directory_iterator(public_dir)) {
    if (entry.path().extension() != ".h") continue;
    const std::string text = read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it)
      tree.declared_in.emplace((*it)[1], "mlonmcu/kernels/" + entry.path().filename().string());
  }
  return tree;
}

// `file` (relative to the kernels root) and every header it includes, transitively.
void add_includes(const KernelTree& tree, const fs::path& file, std::set<fs::path>& headers) {
  static const std::regex include(R"(^\s*#\s*include\s+\"([^\"]+)\")");
  std::istringstream lines(read_file(tree.root / file));
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, include)) continue;
    for (const fs::path& candidate : {file.parent_path() / m[1].str(), fs::path(m[1].str()),
                                      fs::path("include") / m[1].str()}) {
      if (!fs::exists(tree.root / candidate)) continue;
      const fs::path normal = candidate.lexically_normal();
      if (headers.insert(normal).second) add_includes(tree, normal, headers);
      break;
    }
  }
}

}  // namespace

KernelFiles kernel_files_for(const std::vector<std::string>& functions) {
  const KernelTree tree = scan_kernels();
  std::set<fs::path> sources, headers;
  std::set<std::string> public_headers;
  std::vector<std::string> todo(functions.begin(), functions.end());
  std::set<std::string> seen;
  for (const std::string& f : functions) {
    const auto h = tree.declared_in.find(f);
    if (h == tree.declared_in.end())
      throw Error(ErrorKind::Internal, "kernel function " + f + " is declared in no kernel header");
    public_headers.insert(h->second);
  }
  while (!todo.empty()) {
    const std::string f = todo.back();
    todo.pop_back();
    if (!seen.insert(f).second) continue;
    const auto it = tree.defined_in.find(f);
    if (it == tree.defined_in.end()) {
      if (std::find(functions.begin(), functions.end(), f) != functions.end())
        throw Error(ErrorKind::Internal,
                    "kernel function " + f + " is defined in no kernel source");
      continue;  // a macro or a static inline function of a header
    }
    if (!sources.insert(it->second).second) continue;
    for (const std::string& called : tree.calls.at(it->second)) todo.push_back(called);
  }
  for (const fs::path& s : sources) add_includes(tree, s, headers);
  for (const std::string& h : public_headers) {
    const fs::path rel = fs::path("include") / h;
    headers.insert(rel);
    add_includes(tree, rel, headers);
  }
  KernelFiles out;
  out.public_headers.assign(public_headers.begin(), public_headers.end());
  out.sources.assign(sources.begin(), sources.end());
  out.headers.assign(headers.begin(), headers.end());
  return out;
}

}  // namespace mlonmcu::backends::aot
