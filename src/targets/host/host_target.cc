#include "targets/host/host_target.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "common/process.h"
#include "targets/elf_memory.h"

namespace mlonmcu::targets {

namespace {

constexpr const char* kCompilerHint = "apt-get install -y gcc";
constexpr const char* kValgrindHint = "apt-get install -y valgrind";

std::string first_lines(const std::string& text, size_t n) {
  std::istringstream in(text);
  std::string line, out;
  for (size_t i = 0; i < n && std::getline(in, line); ++i) out += (i ? "\n" : "") + line;
  return out;
}

// host_x86.cflags: extra flags, split at whitespace. Quotes would need a shell's rules, which
// the compiler is not run through: refuse them instead of passing half-quoted words on.
std::vector<std::string> split_cflags(const std::string& text) {
  if (text.find_first_of("'\"\\") != std::string::npos)
    throw Error(ErrorKind::Config,
                fmt::format("host_x86.cflags: quotes and backslashes are not supported (flags are split "
                            "at whitespace): '{}'",
                            text));
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// What a failed program did, in words a user can act on.
std::string describe_failure(const ProcessResult& r) {
  if (r.signal == SIGABRT || (r.exited && r.exit_code == 134))
    return r.signal == SIGABRT ? "program aborted (SIGABRT)" : "program aborted (exit 134)";
  if (r.signal != 0) return "program crashed: " + r.describe();
  return r.describe();
}

}  // namespace

void HostTarget::declare_config(config::Registry& registry) const {
  registry.add({"host_x86.opt", config::Type::Choice, "O2", "optimization level",
                {"O0", "O1", "O2", "O3", "Os"}, {}, {}});
  registry.add({"host_x86.timeout", config::Type::Int, "60", "seconds a program may run", {}, 1, 86400});
  registry.add({"host_x86.cc", config::Type::String, "cc", "host C compiler", {}, {}, {}});
  registry.add({"host_x86.count", config::Type::Choice, "none",
                "count instructions: none, or callgrind (valgrind; slower)", {"none", "callgrind"}, {}, {}});
}

std::vector<Target::Tool> HostTarget::tools(const config::Config& cfg) const {
  std::vector<Tool> out;
  const std::string cc = cfg.get_string("host_x86.cc");
  out.push_back({cc, !find_program(cc).empty(), kCompilerHint});
  if (cfg.get_string("host_x86.count") == "callgrind")
    out.push_back({"valgrind", !find_program("valgrind").empty(), kValgrindHint});
  return out;
}

CompileResult HostTarget::compile(const CompileRequest& request, const config::Config& cfg) const {
  for (const Tool& tool : tools(cfg))
    if (!tool.found)
      throw Error(ErrorKind::Toolchain,
                  fmt::format("host_x86: '{}' not found; install it with: {}", tool.name, tool.install_hint));
  std::vector<std::string> argv = {cfg.get_string("host_x86.cc"), "-std=c99",
                                   "-" + cfg.get_string("host_x86.opt"), "-g0", "-o"};
  const auto elf = request.work_dir / request.program_name;
  argv.push_back(elf.string());
  for (const auto& d : request.include_dirs) argv.push_back("-I" + d.string());
  for (const auto& d : request.library_include_dirs) argv.push_back("-I" + d.string());
  for (const auto& d : request.defines) argv.push_back("-D" + d);
  for (const auto& s : request.sources) argv.push_back(s.string());
  for (const auto& s : request.library_sources) argv.push_back(s.string());
  argv.push_back("-lm");
  ProcessOptions opts;
  opts.timeout = std::chrono::seconds(600);
  const ProcessResult r = run_process(argv, opts);
  {
    std::ofstream log(request.work_dir / "compile.log");
    log << fmt::format("{}\n", fmt::join(argv, " ")) << r.out << r.err;
  }
  if (!r.ok())
    throw Error(ErrorKind::Toolchain,
                fmt::format("host_x86: compilation failed ({}): {}", r.describe(), first_lines(r.err, 3)));
  CompileResult result;
  result.elf = elf;
  result.memory = read_elf_memory(elf);
  return result;
}

RunResult HostTarget::run(const RunRequest& request, const config::Config& cfg) const {
  ProcessOptions opts;
  opts.timeout = std::chrono::seconds(cfg.get_int("host_x86.timeout"));
  opts.cwd = request.work_dir;
  std::vector<std::string> argv;
  const bool callgrind = cfg.get_string("host_x86.count") == "callgrind";
  const auto callgrind_out = request.work_dir / "callgrind.out";
  if (callgrind)
    argv = {"valgrind", "--tool=callgrind", "--callgrind-out-file=" + callgrind_out.string()};
  argv.push_back(request.elf.string());
  argv.insert(argv.end(), request.args.begin(), request.args.end());
  const ProcessResult r = run_process(argv, opts);
  if (r.timed_out)
    throw Error(ErrorKind::Timeout, fmt::format("host_x86: program timed out after {} s",
                                                cfg.get_int("host_x86.timeout")));
  if (r.not_found) throw Error(ErrorKind::Toolchain, "host_x86: cannot start the program: " + r.err);
  if (!r.ok()) {
    std::string what = r.describe();
    if (r.exited && r.exit_code == 134) what = "program aborted (exit 134)";
    throw Error(ErrorKind::Target, fmt::format("host_x86: {}{}", what,
                                               r.err.empty() ? "" : ": " + first_lines(r.err, 2)));
  }
  RunResult result;
  result.output = r.out;
  if (callgrind) result.total_instructions = read_callgrind_total(callgrind_out).total;
  return result;
}

}  // namespace mlonmcu::targets
