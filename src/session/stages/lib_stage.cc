// LIB: one library (the interpreter runtime and kernels, TFLite-Micro's core or a kernel,
// CMSIS-NN, ...) compiled for a target, once per library content and target configuration,
// shared by every program that links it. Cached: keyed by the sources and headers, and by the
// compiler and flags the target names for it, not by MLonMCU itself, so the libraries survive a
// rebuilt MLonMCU. The archive is placed once per session in libs/.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

namespace {

constexpr int kLibFormat = 1;

}  // namespace

cache::Explanation StageExecutor::lib(const Task& task, TaskControl& control) {
  LibSpec spec;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    spec = libs_.at(task.id);
  }
  const RunSpec& run = runs_[static_cast<size_t>(spec.run)];
  const targets::Library& library = spec.library;
  const auto target = components_.target(run.target);
  cache::CacheKey key;
  key.format("lib", kLibFormat);
  key.config("target", run.target);
  const auto fields = target->library_build_fields(library.language, run.config);
  for (size_t i = 0; i < fields.size(); ++i) key.config(fmt::format("build {}", i), fields[i]);
  key.config("library", library.name);
  key.config("language", library.language == targets::Language::Cxx ? "c++" : "c");
  key.config("defines", fmt::format("{}", fmt::join(library.defines, " ")));
  add_files(key, run, library.sources);
  add_headers(key, run, library.include_dirs);
  // Private headers next to the sources (and below them: the kernels' isa/) count too; a
  // folder inside an include dir or another such folder is read once.
  std::set<std::filesystem::path> source_dirs;
  for (const auto& source : library.sources) source_dirs.insert(source.parent_path());
  auto inside = [](const std::filesystem::path& dir, const std::filesystem::path& outer) {
    const auto rel = dir.lexically_relative(outer);
    return dir != outer && !rel.empty() && rel.begin()->string() != "..";
  };
  std::vector<std::filesystem::path> private_dirs;
  for (const auto& dir : source_dirs) {
    const auto covers = [&](const std::filesystem::path& outer) { return dir == outer || inside(dir, outer); };
    if (std::none_of(library.include_dirs.begin(), library.include_dirs.end(), covers) &&
        std::none_of(source_dirs.begin(), source_dirs.end(), [&](const auto& o) { return inside(dir, o); }))
      private_dirs.push_back(dir);
  }
  add_headers(key, run, private_dirs);
  const std::string archive_name = "lib" + library.name + ".a";
  const std::filesystem::path dir = settings_.session_dir / "libs" / run.target / key.digest().substr(0, 16);
  return cached(
      task, key, control,
      [&] {
        const std::filesystem::path archive = target->build_library(library, run.config, settings_.library_cache);
        const auto bytes = files_.read(archive);
        if (!bytes) throw Error(ErrorKind::Io, "cannot read " + archive.string());
        Produced p;
        p.metadata = {{"archive", archive_name}};
        p.files.push_back({archive_name, *bytes, false});
        return p;
      },
      [&](const cache::CacheEntry& entry) {
        for (const auto& f : entry.files) files_.write(dir / f.name, f.content);
        set_output(task.id, LibOutput{dir / archive_name});
      });
}

}  // namespace mlonmcu::session
