#include "backends/tflmi/tflm_reference.h"

#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "backends/runtime_sources.h"
#include "backends/tflmi/tflm_sources.h"
#include "common/c_writer.h"
#include "common/error.h"
#include "common/content_hash.h"
#include "targets/baremetal/library_cache.h"
#include "targets/target.h"

namespace mlonmcu::backends::tflm {

namespace {

// Bumped when the runner's protocol or what it is built from changes in a way the hash misses.
constexpr const char* kFormat = "tflm-reference-1";
constexpr const char* kHost = "host_x86";

fs::path runner_source() { return source_root() / "backends" / "tflmi" / "mcu" / "tflm_runner.cc"; }

// The host target's defaults (its keys only: nothing else is read while building and running).
config::Config host_config() {
  static const config::Registry registry = [] {
    config::Registry r;
    targets::declare_target_configs(r);
    return r;
  }();
  return config::Config::parse(registry, {});
}

std::vector<targets::Library> libraries(const Checkout& checkout) {
  std::vector<targets::Library> libs;
  std::set<std::string> names;
  for (const OpKernel& kernel : kernels()) {
    targets::Library lib = kernel_library(checkout, kernel, false);
    if (names.insert(lib.name).second) libs.push_back(std::move(lib));
  }
  libs.push_back(core_library(checkout));
  return libs;
}

void write_bytes(const fs::path& file, const Bytes& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw Error(ErrorKind::Io, "cannot write " + file.string());
}

}  // namespace

Reference::Reference(const Checkout& checkout, const fs::path& cache_dir, const fs::path& work_dir)
    : work_dir_(work_dir) {
  std::vector<const OpKernel*> all;
  for (const OpKernel& kernel : kernels()) all.push_back(&kernel);
  const std::string header = resolver_header(all);
  const std::vector<targets::Library> libs = libraries(checkout);
  const std::vector<std::string> defines = tflm_defines(false);

  ContentHash hash;
  hash.add("format", kFormat);
  hash.add_file("runner", runner_source());
  hash.add("ops", header);
  for (const auto& lib : libs) hash.add("library", targets::library_digest(lib));
  for (const auto& d : defines) hash.add("define", d);
  const fs::path cached = fs::absolute(cache_dir) / "tflm_reference" / hash.hex() / "tflm_runner";
  program_ = cached;
  if (fs::exists(cached)) return;

  const fs::path build = work_dir_ / "runner_build";
  fs::create_directories(build);
  write_text_file((build / "tflm_ops.h").string(), header);
  targets::CompileRequest request;
  request.work_dir = build;
  request.program_name = "tflm_runner";
  request.sources = {runner_source()};
  request.include_dirs = {build};
  request.defines = defines;
  request.libraries = libs;
  request.cache_dir = cache_dir;
  const targets::CompileResult compiled = targets::make_target(kHost)->compile(request, host_config());
  // Copied aside and renamed: a concurrent test process sees the whole program or none.
  fs::create_directories(cached.parent_path());
  const fs::path partial = cached.parent_path() / fmt::format("tflm_runner.{}.tmp", ::getpid());
  fs::copy_file(compiled.elf, partial, fs::copy_options::overwrite_existing);
  fs::rename(partial, cached);
}

std::vector<ReferenceResult> Reference::run(const std::vector<ReferenceCase>& cases) const {
  return run_batch(cases, 0, cases.size());
}

std::vector<ReferenceResult> Reference::run_batch(const std::vector<ReferenceCase>& cases, size_t first,
                                                  size_t count) const {
  const fs::path dir = work_dir_ / fmt::format("batch_{}_{}", first, count);
  fs::create_directories(dir);
  std::string batch;
  for (size_t k = first; k < first + count; ++k) {
    batch += "model " + fs::absolute(cases[k].model).string() + "\n";
    for (size_t i = 0; i < cases[k].inputs.size(); ++i) {
      const fs::path file = dir / fmt::format("in_{}_{}.bin", k, i);
      write_bytes(file, cases[k].inputs[i]);
      batch += "input " + file.string() + "\n";
    }
    batch += "run\n";
  }
  write_text_file((dir / "batch.txt").string(), batch);
  targets::RunRequest request;
  request.elf = program_;
  request.work_dir = dir;
  request.args = {(dir / "batch.txt").string()};
  targets::RunResult ran;
  try {
    ran = targets::make_target(kHost)->run(request, host_config());
  } catch (const Error& e) {
    if (count == 1) return {ReferenceResult{false, std::string("TFLM crashed: ") + e.what(), {}}};
    std::vector<ReferenceResult> out;
    for (size_t k = first; k < first + count; ++k) {
      auto one = run_batch(cases, k, 1);
      out.push_back(std::move(one.front()));
    }
    return out;
  }
  std::vector<ReferenceResult> out = parse_case_report(ran.output, count, "the runner");
  std::error_code ec;
  fs::remove_all(dir, ec);
  return out;
}

}  // namespace mlonmcu::backends::tflm
