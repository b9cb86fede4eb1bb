#include "targets/host/host_target.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "common/process.h"
#include "targets/baremetal/library_cache.h"
#include "targets/elf_memory.h"
#include "targets/host/callgrind_counts.h"
#include "targets/tool_version.h"

namespace mlonmcu::targets {

namespace {

constexpr const char* kCompilerHint = "apt-get install -y gcc";
constexpr const char* kCxxCompilerHint = "apt-get install -y g++";
constexpr const char* kValgrindHint = "apt-get install -y valgrind";

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
  registry.add({"host_x86.timeout", config::Type::Int, "60",
                "seconds a program may run (under callgrind too, which is ~50x slower)", {}, 1, 86400});
  registry.add({"host_x86.cc", config::Type::String, "cc", "host C compiler", {}, {}, {}});
  registry.add({"host_x86.cxx", config::Type::String, "c++", "host C++ compiler (C++ backends: tflmi)", {}, {}, {}});
  registry.add({"host_x86.cflags", config::Type::String, "",
                "extra compiler flags, split at whitespace, after the defaults (can override them)",
                {}, {}, {}});
  registry.add({"host_x86.count", config::Type::Choice, "none",
                "count instructions: none, or callgrind (valgrind; slower)", {"none", "callgrind"}, {}, {}});
}

std::vector<Target::Tool> HostTarget::tools(const config::Config& cfg) const {
  std::vector<Tool> out;
  const std::string cc = cfg.get_string("host_x86.cc");
  out.push_back({cc, !find_program(cc).empty(), kCompilerHint, false, ""});
  const std::string cxx = cfg.get_string("host_x86.cxx");
  out.push_back({cxx, !find_program(cxx).empty(), kCxxCompilerHint, true, "C++ backends: tflmi"});
  if (cfg.get_string("host_x86.count") == "callgrind")
    out.push_back({"valgrind", !find_program("valgrind").empty(), kValgrindHint, false, ""});
  return out;
}

Target::ToolVersions HostTarget::tool_versions(const config::Config& cfg) const {
  const bool counted = cfg.get_string("host_x86.count") == "callgrind";
  return {tool_with_version(find_program(cfg.get_string("host_x86.cc"))),
          counted ? tool_with_version(find_program("valgrind")) : std::string()};
}

namespace {

// `cc --version`'s first line, once per compiler: part of the library cache key.
std::string compiler_version(const std::filesystem::path& compiler) { return version_line(compiler); }

}  // namespace

Toolchain HostTarget::toolchain(const config::Config& cfg, bool cxx, bool checked) const {
  const std::vector<std::string> cflags = split_cflags(cfg.get_string("host_x86.cflags"));
  Toolchain toolchain;
  toolchain.target = name();
  toolchain.c_compiler = find_program(cfg.get_string("host_x86.cc"));
  if (toolchain.c_compiler.empty())
    throw Error(ErrorKind::Toolchain,
                fmt::format("host_x86: '{}' not found; install it with: {}", cfg.get_string("host_x86.cc"), kCompilerHint));
  if (checked) toolchain.c_version = compiler_version(toolchain.c_compiler);
  if (cxx) {
    toolchain.cxx_compiler = find_program(cfg.get_string("host_x86.cxx"));
    if (toolchain.cxx_compiler.empty())
      throw Error(ErrorKind::Toolchain, fmt::format("host_x86: the program is C++ but '{}' is not found; install "
                                                    "it with: {}",
                                                    cfg.get_string("host_x86.cxx"), kCxxCompilerHint));
    if (checked) toolchain.cxx_version = compiler_version(toolchain.cxx_compiler);
  }
  toolchain.archiver = find_program("ar");
  if (toolchain.archiver.empty())
    throw Error(ErrorKind::Toolchain, "host_x86: 'ar' not found; install it with: apt-get install -y binutils");
  // -ffp-contract=off: float kernels match TFLite's results only in its summation order, which
  // a fused multiply-add (clang contracts by default, gcc with -mfma outside ISO mode) changes.
  const std::vector<std::string> common = {"-" + cfg.get_string("host_x86.opt"), "-g0", "-ffp-contract=off"};
  toolchain.c_flags = {"-std=c99"};
  toolchain.cxx_flags = {"-std=c++17", "-fno-rtti", "-fno-exceptions", "-fno-threadsafe-statics"};
  for (auto* flags : {&toolchain.c_flags, &toolchain.cxx_flags}) {
    flags->insert(flags->end(), common.begin(), common.end());
    flags->insert(flags->end(), cflags.begin(), cflags.end());
  }
  return toolchain;
}

std::vector<std::string> HostTarget::library_build_fields(Language language, const config::Config& cfg) const {
  return toolchain_fields(toolchain(cfg, language == Language::Cxx, false), language);
}

fs::path HostTarget::build_library(const Library& library, const config::Config& cfg, const fs::path& cache_dir) const {
  return cached_library(toolchain(cfg, library.language == Language::Cxx, true), library, cache_dir);
}

CompileResult HostTarget::compile(const CompileRequest& request, const config::Config& cfg) const {
  const std::vector<std::string> cflags = split_cflags(cfg.get_string("host_x86.cflags"));
  for (const Tool& tool : tools(cfg))
    if (!tool.found && !tool.optional)
      throw Error(ErrorKind::Toolchain,
                  fmt::format("host_x86: '{}' not found; install it with: {}", tool.name, tool.install_hint));
  const bool cxx = needs_cxx(request);
  const Toolchain toolchain = this->toolchain(cfg, cxx, true);
  // Libraries (kernels, interpreter, TFLite-Micro) are compiled once per compiler and flags and
  // reused from the environment's cache.
  const std::vector<std::string> inputs = build_link_inputs(toolchain, request);

  const auto elf = request.work_dir / request.program_name;
  std::vector<std::string> argv = {(cxx ? toolchain.cxx_compiler : toolchain.c_compiler).string()};
  argv.insert(argv.end(), cflags.begin(), cflags.end());  // e.g. -m32 or a sanitizer must reach the link
  argv.insert(argv.end(), {"-o", elf.string()});
  argv.insert(argv.end(), inputs.begin(), inputs.end());
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
                fmt::format("host_x86: linking failed ({}): {}", r.describe(), compiler_error_excerpt(r.err, 3)));
  CompileResult result;
  result.elf = elf;
  result.memory = read_elf_memory(elf);
  return result;
}

namespace {

// Under callgrind the program runs from a copy at a fixed relative path, with an empty
// environment: the dynamic loader's work (part of Setup and Total) depends on the program's
// path and on the environment, and counts must not change with where a session lives.
struct CallgrindRun {
  fs::path dir;       // <work_dir>/callgrind: dumps and the program copy, cleared per run
  fs::path out_base;  // --callgrind-out-file
  fs::path log;       // valgrind's own messages
  std::vector<std::string> argv;
};

CallgrindRun prepare_callgrind(const RunRequest& request) {
  const fs::path valgrind = find_program("valgrind");
  if (valgrind.empty())
    throw Error(ErrorKind::Toolchain,
                fmt::format("host_x86: 'valgrind' not found; install it with: {}", kValgrindHint));
  const fs::path env = find_program("env");
  if (env.empty())
    throw Error(ErrorKind::Toolchain, "host_x86: 'env' not found; install it with: apt-get install -y coreutils");
  CallgrindRun c;
  c.dir = request.work_dir / "callgrind";
  c.out_base = c.dir / "callgrind.out";
  c.log = request.work_dir / "callgrind.log";
  std::error_code ec;
  fs::remove_all(c.dir, ec);  // stale dumps of an earlier attempt would be counted
  fs::create_directories(c.dir, ec);
  if (ec || !fs::copy_file(request.elf, c.dir / "program", fs::copy_options::overwrite_existing, ec))
    throw Error(ErrorKind::Io, fmt::format("host_x86: cannot copy {} for callgrind: {}", request.elf.string(),
                                           ec.message()));
  c.argv = {env.string(), "-i"};
  // A valgrind installed outside its configured prefix finds its tools only through this.
  if (const char* lib = std::getenv("VALGRIND_LIB")) c.argv.push_back(std::string("VALGRIND_LIB=") + lib);
  c.argv.insert(c.argv.end(), {valgrind.string(), "--tool=callgrind", "--log-file=" + c.log.string(),
                               "--callgrind-out-file=" + c.out_base.string(), "--dump-instr=no",
                               "--dump-line=no"});
  for (auto& o : callgrind::dump_options(request.count_layers && request.num_layers > 0)) c.argv.push_back(o);
  c.argv.push_back("callgrind/program");  // relative to the working directory, see above
  return c;
}

void write_counts_summary(const fs::path& file, const callgrind::Counts& c) {
  std::ofstream out(file);
  out << "total " << c.total << "\n";
  out << "setup " << (c.setup ? *c.setup : -1) << "\n";
  out << "run " << (c.run ? *c.run : -1) << "\n";
  out << "runs " << c.runs << "\n";
  out << "layer_calls " << c.layer_calls << "\n";
  for (size_t i = 0; i < c.layers.size(); ++i) out << "layer " << i << " " << c.layers[i] << "\n";
}

}  // namespace

RunResult HostTarget::run(const RunRequest& request, const config::Config& cfg) const {
  ProcessOptions opts;
  opts.timeout = std::chrono::seconds(cfg.get_int("host_x86.timeout"));
  opts.cwd = request.work_dir;
  const bool count = cfg.get_string("host_x86.count") == "callgrind";
  // Per-layer counts come only from callgrind; without it the layer rows would silently be missing.
  if (request.count_layers && !count)
    throw Error(ErrorKind::Config, "host_x86: layer_profile needs instruction counts: add -c host_x86.count=callgrind");
  std::optional<CallgrindRun> cg;
  std::vector<std::string> argv;
  if (count) {
    cg = prepare_callgrind(request);
    argv = cg->argv;
  } else {
    argv.push_back(request.elf.string());
  }
  argv.insert(argv.end(), request.args.begin(), request.args.end());
  const ProcessResult r = run_process(argv, opts);
  if (r.timed_out)
    throw Error(ErrorKind::Timeout, fmt::format("host_x86: program timed out after {} s{}",
                                                cfg.get_int("host_x86.timeout"),
                                                count ? " (under callgrind)" : ""));
  if (r.not_found) throw Error(ErrorKind::Toolchain, "host_x86: cannot start the program: " + r.err);
  if (!r.ok()) {
    std::string detail = r.err.empty() ? "" : ": " + compiler_error_excerpt(r.err, 2);
    if (count) detail += fmt::format(" (valgrind log: {})", cg->log.string());
    throw Error(ErrorKind::Target, fmt::format("host_x86: {}{}", describe_failure(r), detail));
  }
  RunResult result;
  result.exit_code = r.exit_code;
  result.output = r.out;
  if (count) {
    const callgrind::Counts c = callgrind::split_at_markers(callgrind::read_parts(cg->out_base),
                                                            request.count_layers ? request.num_layers : 0);
    write_counts_summary(request.work_dir / "callgrind_counts.txt", c);
    result.total_instructions = c.total;
    result.setup_instructions = c.setup;
    result.run_instructions = c.run;
    if (request.count_layers && request.num_layers > 0) result.layer_instructions = c.layers;
    std::error_code ec;
    fs::remove_all(cg->dir, ec);  // one dump per marker entry: thousands of files for long runs
  }
  return result;
}

}  // namespace mlonmcu::targets
