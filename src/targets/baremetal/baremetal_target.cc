#include "targets/baremetal/baremetal_target.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "targets/elf_memory.h"
#include "targets/tool_version.h"
#include "targets/baremetal/library_cache.h"
#include "targets/baremetal/qemu_icount.h"

namespace mlonmcu::targets {

namespace fs = std::filesystem;

namespace {

constexpr std::chrono::seconds kCompileTimeout{600};

// RAM that the C start-up code does not clear (generated code that needs no zeroed memory, the
// aot workspace, asks for it through MLONMCU_NOINIT_SECTION): placed by the linker script below.
constexpr const char* kNoinitSection = ".noinit";

// Facts about a cross compiler that cost a process start to learn; asked once per process.
struct CompilerFacts {
  std::string version;    // first line of --version (part of the library cache key)
  bool has_picolibc = false;
};

CompilerFacts compiler_facts(const fs::path& compiler) {
  static std::mutex mutex;
  static std::map<std::string, CompilerFacts> known;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = known.find(compiler.string());
  if (it != known.end()) return it->second;
  CompilerFacts facts;
  ProcessOptions options;
  options.timeout = std::chrono::seconds(60);
  facts.version = version_line(compiler);
  // gcc echoes the bare name when it cannot find the file in its search path.
  const ProcessResult specs = run_process({compiler.string(), "-print-file-name=picolibc.specs"}, options);
  facts.has_picolibc = specs.ok() && specs.out.find('/') != std::string::npos;
  known.emplace(compiler.string(), facts);
  return facts;
}

std::string hex(uint64_t value) { return fmt::format("{:#x}", value); }

// Whether the C++ driver builds and links a program for these flags (the multilib of the C++
// library must exist too); asked once per driver and flags.
bool cxx_links(const fs::path& cxx, const std::vector<std::string>& arch_flags, const fs::path& scratch) {
  static std::mutex mutex;
  static std::map<std::string, bool> known;
  std::string id = cxx.string();
  for (const auto& f : arch_flags) id += " " + f;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = known.find(id);
  if (it != known.end()) return it->second;
  std::error_code ec;
  fs::create_directories(scratch, ec);
  const fs::path source = scratch / "cxx_check.cc";
  std::ofstream(source) << "#include <cstdint>\n#include <new>\nalignas(8) static std::uint8_t s[8];\n"
                           "int main() { return *new (s) int(0); }\n";
  std::vector<std::string> argv = {cxx.string()};
  argv.insert(argv.end(), arch_flags.begin(), arch_flags.end());
  argv.insert(argv.end(), {"--specs=picolibc.specs", "--crt0=semihost", "--oslib=semihost", "-fno-exceptions",
                           source.string(), "-o", (scratch / "cxx_check.elf").string()});
  ProcessOptions options;
  options.timeout = std::chrono::seconds(60);
  const bool ok = run_process(argv, options).ok();
  fs::remove_all(scratch, ec);
  return known[id] = ok;
}

}  // namespace

void BareMetalTarget::declare_config(config::Registry& registry) const {
  const std::string& n = spec_.name;
  registry.add({n + ".opt", config::Type::Choice, "O2", "optimization level", {"O2", "Os", "O3", "O0"}, {}, {}});
  registry.add({n + ".stack_size", config::Type::Int, std::to_string(spec_.default_stack_size),
                "stack bytes reserved by the linker script", {}, 256, int64_t(spec_.ram_size)});
  registry.add({n + ".timeout", config::Type::Int, "120", "seconds a program may run in the simulator", {}, 1,
                86400});
  if (spec_.declare_extra_config) spec_.declare_extra_config(registry);
}

std::string BareMetalTarget::install_hint() const {
  return fmt::format("apt-get install -y {} {} {}", spec_.compiler_package, spec_.libc_package,
                     spec_.simulator_package);
}

std::vector<Target::Tool> BareMetalTarget::tools(const config::Config& cfg) const {
  std::vector<Tool> out;
  const fs::path compiler = find_program(spec_.compiler);
  out.push_back({spec_.compiler, !compiler.empty(), "apt-get install -y " + spec_.compiler_package, false, ""});
  out.push_back({"picolibc (" + spec_.libc_package + ")", !compiler.empty() && compiler_facts(compiler).has_picolibc,
                 "apt-get install -y " + spec_.libc_package, false, ""});
  out.push_back({spec_.simulator, !find_program(spec_.simulator).empty(),
                 "apt-get install -y " + spec_.simulator_package, false, ""});
  Tool cxx{"C++ library for picolibc", !usable_cxx_compiler(cfg).empty(),
           spec_.cxx_library_package.empty() ? "" : "apt-get install -y " + spec_.cxx_library_package, true,
           spec_.cxx_library_package.empty() ? spec_.cxx_missing : "C++ backends: tflmi"};
  out.push_back(cxx);
  return out;
}

Target::ToolVersions BareMetalTarget::tool_versions(const config::Config& cfg) const {
  (void)cfg;
  return {tool_with_version(find_program(spec_.compiler)), tool_with_version(find_program(spec_.simulator))};
}

fs::path BareMetalTarget::usable_cxx_compiler(const config::Config& cfg) const {
  const fs::path cxx = find_program(spec_.cxx_compiler);
  if (cxx.empty()) return {};
  const fs::path scratch = fs::temp_directory_path() / fmt::format("mlonmcu_cxx_check_{}_{}", ::getpid(), spec_.name);
  return cxx_links(cxx, spec_.link_arch_flags(cfg), scratch) ? cxx : fs::path();
}

void BareMetalTarget::throw_no_cxx() const {
  if (spec_.cxx_library_package.empty())
    throw Error(ErrorKind::Toolchain, fmt::format("{}: the program is C++ but {}", spec_.name, spec_.cxx_missing));
  throw Error(ErrorKind::Toolchain,
              fmt::format("{}: the program is C++ and {} cannot link it; install the C++ library with: apt-get "
                          "install -y {}",
                          spec_.name, spec_.cxx_compiler, spec_.cxx_library_package));
}

std::vector<std::string> BareMetalTarget::compile_flags(const config::Config& cfg) const {
  std::vector<std::string> flags = spec_.compile_arch_flags(cfg);
  flags.push_back("-" + cfg.get_string(spec_.name + ".opt"));
  // Sections per function/object let --gc-sections drop unused runtime code from ROM.
  flags.insert(flags.end(), {"-ffunction-sections", "-fdata-sections", "--specs=picolibc.specs"});
  // Float kernels follow TFLite's summation order; a fused multiply-add would change results.
  flags.push_back("-ffp-contract=off");
  flags.push_back(fmt::format("-DMLONMCU_NOINIT_SECTION=\"{}\"", kNoinitSection));
  return flags;
}

std::vector<std::string> BareMetalTarget::cxx_compile_flags(const config::Config& cfg) const {
  // Embedded C++ as TFLite-Micro builds it: no exceptions, RTTI or unwind tables, no guards
  // around function-local statics.
  std::vector<std::string> flags = compile_flags(cfg);
  flags.insert(flags.end(), {"-std=c++17", "-fno-rtti", "-fno-exceptions", "-fno-threadsafe-statics",
                             "-fno-unwind-tables", "-fno-asynchronous-unwind-tables"});
  return flags;
}

std::string BareMetalTarget::linker_script(const config::Config& cfg) const {
  // picolibc.ld sizes its regions and the stack with DEFINED(...) checks that a --defsym on the
  // command line does not satisfy (the stack stays 2 KiB), so the values are assigned in a
  // wrapper script before the library's script is included.
  // The no-init section goes after picolibc's sections, in the free RAM between the stack's
  // reservation and the stack itself: outside .bss (not cleared) and outside the painted stack.
  // (It cannot go before the reservation from a wrapper script, so it needs that much more RAM.)
  return fmt::format(
      "/* Generated by MLonMCU for {0}: memory map and stack, then picolibc's script. */\n"
      "__flash = {1};\n__flash_size = {2};\n__ram = {3};\n__ram_size = {4};\n__stack_size = {5};\n"
      "INCLUDE picolibc.ld\n"
      "SECTIONS\n{{\n  {6} (NOLOAD) : {{ *({6} {6}.*) }} >ram :ram\n}}\n"
      "ASSERT(SIZEOF({6}) == 0 || ADDR({6}) + SIZEOF({6}) <= __heap_end,\n"
      "       \"{0}: RAM too small for the {6} data below the stack\")\n",
      spec_.name, hex(spec_.flash), hex(spec_.flash_size), hex(spec_.ram), hex(spec_.ram_size),
      cfg.get_int(spec_.name + ".stack_size"), kNoinitSection);
}

std::vector<std::string> BareMetalTarget::link_flags(const config::Config& cfg, const fs::path& script) const {
  std::vector<std::string> flags = spec_.link_arch_flags(cfg);
  flags.insert(flags.end(), {"--specs=picolibc.specs", "--crt0=semihost", "--oslib=semihost",
                             "-T", script.string(), "-Wl,--gc-sections"});
  return flags;
}

Toolchain BareMetalTarget::toolchain(const config::Config& cfg, bool cxx, bool checked) const {
  const fs::path compiler = find_program(spec_.compiler);
  if (compiler.empty()) {
    throw Error(ErrorKind::Toolchain, fmt::format("{}: {} not found; install it with: {}", spec_.name,
                                                  spec_.compiler, install_hint()));
  }
  Toolchain toolchain;
  toolchain.target = spec_.name;
  toolchain.c_compiler = compiler;
  if (checked) {
    const CompilerFacts facts = compiler_facts(compiler);
    if (!facts.has_picolibc) {
      throw Error(ErrorKind::Toolchain, fmt::format("{}: picolibc for {} not found; install it with: {}", spec_.name,
                                                    spec_.compiler, install_hint()));
    }
    toolchain.c_version = facts.version;
  }
  if (cxx) {
    toolchain.cxx_compiler = checked ? usable_cxx_compiler(cfg) : find_program(spec_.cxx_compiler);
    if (toolchain.cxx_compiler.empty()) throw_no_cxx();
    if (checked) toolchain.cxx_version = compiler_facts(toolchain.cxx_compiler).version;
  }
  toolchain.archiver = find_program(spec_.archiver);
  if (toolchain.archiver.empty()) toolchain.archiver = compiler.parent_path() / spec_.archiver;
  toolchain.c_flags = compile_flags(cfg);
  toolchain.cxx_flags = cxx_compile_flags(cfg);
  toolchain.timeout = kCompileTimeout;
  return toolchain;
}

std::vector<std::string> BareMetalTarget::library_build_fields(Language language, const config::Config& cfg) const {
  return toolchain_fields(toolchain(cfg, language == Language::Cxx, false), language);
}

fs::path BareMetalTarget::build_library(const Library& library, const config::Config& cfg, const fs::path& cache_dir) const {
  return cached_library(toolchain(cfg, library.language == Language::Cxx, true), library, cache_dir);
}

CompileResult BareMetalTarget::compile(const CompileRequest& request, const config::Config& cfg) const {
  // Sources are compiled one by one: on RISC-V the compile and link -march differ, so the
  // driver cannot do both in one call.
  const bool cxx = needs_cxx(request);
  const Toolchain toolchain = this->toolchain(cfg, cxx, true);
  const fs::path compiler = toolchain.c_compiler;
  const fs::path cxx_compiler = toolchain.cxx_compiler;
  const std::vector<std::string> inputs = build_link_inputs(toolchain, request);

  const fs::path elf = request.work_dir / (request.program_name + ".elf");
  const fs::path script = request.work_dir / (request.program_name + ".ld");
  {
    std::ofstream out(script);
    out << linker_script(cfg);
    if (!out) throw Error(ErrorKind::Io, "cannot write " + script.string());
  }
  std::vector<std::string> argv = {(cxx ? cxx_compiler : compiler).string()};
  const auto lflags = link_flags(cfg, script);
  argv.insert(argv.end(), lflags.begin(), lflags.end());
  argv.insert(argv.end(), inputs.begin(), inputs.end());
  argv.insert(argv.end(), {"-lm", "-o", elf.string()});
  ProcessOptions options;
  options.timeout = kCompileTimeout;
  const ProcessResult result = run_process(argv, options);
  if (!result.ok()) {
    throw Error(ErrorKind::Toolchain, fmt::format("{}: linking failed ({}):\n{}", spec_.name, result.describe(),
                                                  compiler_error_excerpt(result.err)));
  }
  return CompileResult{elf, read_elf_memory(elf)};
}

void BareMetalTarget::throw_run_failure(const ProcessResult& result, int64_t timeout_s, bool counts_written) const {
  const std::string& n = spec_.name;
  if (result.not_found) {
    throw Error(ErrorKind::Toolchain,
                fmt::format("{}: {} could not be started; install it with: apt-get install -y {}", n,
                            spec_.simulator, spec_.simulator_package));
  }
  if (result.timed_out) throw Error(ErrorKind::Timeout, fmt::format("{}: timed out after {} s", n, timeout_s));
  if (result.signal != 0) {
    throw Error(ErrorKind::Target, fmt::format("{}: simulator {}", n, result.describe()));
  }
  // The plugin writes its counts when QEMU exits, also after abort() or a fault; no counts means
  // QEMU itself failed (bad option, plugin not loadable), not the program.
  if (!counts_written) {
    throw Error(ErrorKind::Toolchain, fmt::format("{}: {} failed ({}): {}", n, spec_.simulator, result.describe(),
                                                  compiler_error_excerpt(result.err, 3)));
  }
  if (result.out.find(spec_.fault_text) != std::string::npos ||
      result.err.find(spec_.fault_text) != std::string::npos) {
    throw Error(ErrorKind::Target, fmt::format("{}: {} (exit code {})", n, spec_.fault_name, result.exit_code));
  }
  if (result.exit_code == 134) throw Error(ErrorKind::Target, fmt::format("{}: program aborted (exit 134)", n));
  throw Error(ErrorKind::Target, fmt::format("{}: exit code {}", n, result.exit_code));
}

RunResult BareMetalTarget::run(const RunRequest& request, const config::Config& cfg) const {
  const fs::path simulator = find_program(spec_.simulator);
  if (simulator.empty()) {
    throw Error(ErrorKind::Toolchain, fmt::format("{}: {} not found; install it with: {}", spec_.name,
                                                  spec_.simulator, install_hint()));
  }
  const fs::path plugin = icount_plugin_path(spec_.name);
  const IcountMarkers markers = find_icount_markers(request.elf);
  const fs::path work_dir = request.work_dir.empty() ? request.elf.parent_path() : request.work_dir;
  const fs::path counts_file = work_dir / (request.elf.stem().string() + ".icount.txt");
  std::error_code ec;
  fs::remove(counts_file, ec);  // a stale file must not pass for this run's counts

  // QEMU hands the kernel's path to the program as its semihosting command line, which
  // picolibc's start-up parses: relative to the working directory it is the same wherever the
  // environment lives, and so are Setup and Total Instructions.
  const fs::path rel = request.elf.lexically_normal().lexically_relative(work_dir.lexically_normal());
  const fs::path kernel = rel.empty() ? request.elf : rel;
  std::vector<std::string> argv = {simulator.string()};
  argv.insert(argv.end(), spec_.machine_args.begin(), spec_.machine_args.end());
  argv.insert(argv.end(), {"-kernel", kernel.string(), "-chardev", "stdio,id=shc", "-semihosting-config",
                           "enable=on,target=native,chardev=shc", "-display", "none", "-serial", "none",
                           "-monitor", "none", "-plugin",
                           icount_plugin_option(plugin, counts_file, markers,
                                                request.count_layers ? request.num_layers : 0)});
  const int64_t timeout_s = cfg.get_int(spec_.name + ".timeout");
  ProcessOptions options;
  options.cwd = work_dir;
  options.timeout = std::chrono::seconds(timeout_s);
  const ProcessResult result = run_process(argv, options);
  if (!result.ok()) throw_run_failure(result, timeout_s, fs::exists(counts_file, ec));

  RunResult out;
  out.exit_code = result.exit_code;
  out.output = result.out;
  const IcountCounts counts = read_icount_file(counts_file, spec_.name);
  out.total_instructions = counts.total;
  out.setup_instructions = counts.setup;
  out.run_instructions = counts.run;
  if (request.count_layers) out.layer_instructions = counts.layers;
  std::istringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string tag;
    int64_t bytes = 0;
    if (words >> tag && tag == "MLIF_STACK" && words >> bytes) out.stack_bytes = bytes;
  }
  return out;
}

}  // namespace mlonmcu::targets
