#include "backends/aot/kernel_sources.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
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

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Every `mlonmcu_name(` in text (optionally with spaces before the parenthesis), in order.
std::vector<std::string> calls_in(const std::string& text) {
  std::vector<std::string> names;
  for (size_t at = text.find("mlonmcu_"); at != std::string::npos;
       at = text.find("mlonmcu_", at + 1)) {
    if (at > 0 && ident_char(text[at - 1])) continue;
    size_t end = at;
    while (end < text.size() && ident_char(text[end])) ++end;
    size_t paren = end;
    while (paren < text.size() && text[paren] == ' ') ++paren;
    if (paren < text.size() && text[paren] == '(') names.push_back(text.substr(at, end - at));
  }
  return names;
}

// The function a line starts to define: it begins with a type at column 0 (not `static`, not
// a comment or directive) and its signature does not end in ';' (a body on the same line may
// hold one). Empty otherwise.
std::string defined_on(const std::string& line) {
  const size_t semicolon = line.find(';'), brace = line.find('{');
  if (line.empty() || !(std::isalpha(static_cast<unsigned char>(line[0])) || line[0] == '_') ||
      line.rfind("static", 0) == 0 ||
      (semicolon != std::string::npos && (brace == std::string::npos || semicolon < brace)))
    return "";
  const std::vector<std::string> names = calls_in(line);
  return names.empty() ? "" : names.front();
}

// The file name of `#include "name"`, or empty.
std::string quoted_include(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos || line[i] != '#') return "";
  i = line.find_first_not_of(" \t", i + 1);
  if (i == std::string::npos || line.compare(i, 7, "include") != 0) return "";
  const size_t open = line.find('"', i + 7);
  const size_t close = open == std::string::npos ? open : line.find('"', open + 1);
  return close == std::string::npos ? "" : line.substr(open + 1, close - open - 1);
}

KernelTree scan_kernels() {
  KernelTree tree;
  tree.root = source_root() / "kernels";
  // Sources in subfolders too (reference/); public headers are under include/.
  for (const auto& entry : fs::recursive_directory_iterator(tree.root)) {
    if (entry.path().extension() != ".c") continue;
    const fs::path rel = entry.path().lexically_relative(tree.root);
    const std::string text = read_file(entry.path());
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      if (const std::string name = defined_on(line); !name.empty()) tree.defined_in[name] = rel;
    for (const std::string& name : calls_in(text)) tree.calls[rel].insert(name);
  }
  const fs::path public_dir = tree.root / "include" / "mlonmcu" / "kernels";
  for (const auto& entry : fs::directory_iterator(public_dir)) {
    if (entry.path().extension() != ".h") continue;
    for (const std::string& name : calls_in(read_file(entry.path())))
      tree.declared_in.emplace(name, "mlonmcu/kernels/" + entry.path().filename().string());
  }
  return tree;
}

// `file` (relative to the kernels root) and every header it includes, transitively.
void add_includes(const KernelTree& tree, const fs::path& file, std::set<fs::path>& headers) {
  std::istringstream lines(read_file(tree.root / file));
  for (std::string line; std::getline(lines, line);) {
    const std::string name = quoted_include(line);
    if (name.empty()) continue;
    for (const fs::path& candidate :
         {file.parent_path() / name, fs::path(name), fs::path("include") / name}) {
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
    // The internal headers it includes (isa/ inner loops) call library functions too; the
    // public ones under include/ only declare them.
    std::set<fs::path> included;
    add_includes(tree, it->second, included);
    for (const fs::path& h : included)
      if (*h.begin() != "include")
        for (const std::string& called : calls_in(read_file(tree.root / h))) todo.push_back(called);
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
