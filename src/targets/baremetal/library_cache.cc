#include "targets/baremetal/library_cache.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "common/error.h"
#include "common/process.h"
#include "common/content_hash.h"

namespace mlonmcu::targets {

namespace fs = std::filesystem;

namespace {

// Bumped when the layout of a cache entry or the key's fields change.
constexpr const char* kCacheFormat = "mlonmcu-lib-2";

std::vector<fs::path> headers_under(const fs::path& dir) {
  std::vector<fs::path> headers;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return headers;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const auto ext = it->path().extension();
    if (it->is_regular_file(ec) && (ext == ".h" || ext == ".hpp" || ext == ".def" || ext == ".inc"))
      headers.push_back(it->path());
  }
  return headers;
}

// A file's content digest, remembered per (path, size, mtime): the headers of a large library
// (TFLite-Micro: 8 MB) are part of many keys per session and are read once.
std::string file_digest(const fs::path& path) {
  struct Known {
    uintmax_t size;
    fs::file_time_type mtime;
    std::string digest;
  };
  static std::mutex mutex;
  static std::map<std::string, Known> known;
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  const fs::file_time_type mtime = fs::last_write_time(path, ec);
  if (ec) throw Error(ErrorKind::Io, "cannot read " + path.string());
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto it = known.find(path.string());
    if (it != known.end() && it->second.size == size && it->second.mtime == mtime) return it->second.digest;
  }
  ContentHash hash;
  hash.add_file("file", fs::weakly_canonical(path, ec));  // the content under one spelling (key_path)
  std::string digest = hash.hex();
  std::lock_guard<std::mutex> lock(mutex);
  known[path.string()] = Known{size, mtime, digest};
  return digest;
}

fs::path unique_temp_dir(const fs::path& parent, const std::string& key) {
  static std::atomic<unsigned> counter{0};
  return parent / fmt::format("{}.tmp.{}.{}", key, ::getpid(), counter.fetch_add(1));
}

const fs::path& compiler_for(const Toolchain& toolchain, bool cxx) {
  if (cxx && toolchain.cxx_compiler.empty())
    throw Error(ErrorKind::Toolchain, fmt::format("{}: no C++ compiler for this target", toolchain.target));
  return cxx ? toolchain.cxx_compiler : toolchain.c_compiler;
}

std::vector<std::string> library_flags(const Library& library) {
  std::vector<std::string> flags;
  for (const auto& dir : library.include_dirs) flags.push_back("-I" + dir.string());
  for (const auto& define : library.defines) flags.push_back("-D" + define);
  return flags;
}

// Holds an exclusive lock on a file for its lifetime: one process builds an entry, the others
// wait and then find it built.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

fs::path build_library(const Toolchain& toolchain, const Library& library, const fs::path& cache_dir,
                       const std::string& key) {
  const fs::path parent = cache_dir / toolchain.target;
  const fs::path entry = parent / key;
  const fs::path archive = entry / ("lib" + library.name + ".a");
  std::error_code ec;
  if (fs::exists(archive, ec)) return archive;
  fs::create_directories(parent, ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  // Lock files live apart from the entries; a waiter re-checks the entry after getting the lock,
  // so removing the file once the entry is in place is safe.
  const fs::path lock_file = cache_dir / ".locks" / (toolchain.target + "-" + key);
  fs::create_directories(lock_file.parent_path(), ec);
  FileLock lock(lock_file);
  if (fs::exists(archive, ec)) return archive;  // another process built it while we waited

  const fs::path temp = unique_temp_dir(parent, key);
  fs::create_directories(temp, ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot create {}: {}", temp.string(), ec.message()));
  auto cleanup = [&temp]() {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
  };
  std::vector<fs::path> objects;
  try {
    Toolchain one_language = toolchain;
    // A library is compiled in its own language whatever its files are called.
    const bool cxx = library.language == Language::Cxx;
    one_language.c_compiler = one_language.cxx_compiler = compiler_for(toolchain, cxx);
    one_language.c_flags = one_language.cxx_flags = cxx ? toolchain.cxx_flags : toolchain.c_flags;
    objects = compile_objects(one_language, library.sources, library_flags(library), temp);
  } catch (const Error& e) {
    cleanup();
    throw Error(e.kind(), fmt::format("library {}: {}", library.name, e.what()));
  }
  std::vector<std::string> argv = {toolchain.archiver.string(), "rcs", (temp / archive.filename()).string()};
  for (const auto& object : objects) argv.push_back(object.string());
  ProcessOptions options;
  options.timeout = toolchain.timeout;
  const ProcessResult result = run_process(argv, options);
  if (!result.ok()) {
    cleanup();
    throw Error(ErrorKind::Toolchain, fmt::format("{}: archiving library {} failed ({}): {}", toolchain.target,
                                                  library.name, result.describe(), compiler_error_excerpt(result.err)));
  }
  {
    // What went into the key, for humans asking why a library was (re)built.
    std::ofstream manifest(temp / "manifest.txt");
    manifest << "library " << library.name << "\ncompiler " << compiler_for(toolchain, library.language == Language::Cxx).string()
             << "\nversion " << (library.language == Language::Cxx ? toolchain.cxx_version : toolchain.c_version)
             << "\n";
    for (const auto& flag : library.language == Language::Cxx ? toolchain.cxx_flags : toolchain.c_flags)
      manifest << "flag " << flag << "\n";
    for (const auto& flag : library_flags(library)) manifest << "flag " << flag << "\n";
    for (const auto& source : library.sources) manifest << "source " << source.string() << "\n";
  }
  for (const auto& object : objects) fs::remove(object, ec);  // the archive holds them
  fs::rename(temp, entry, ec);
  std::error_code ignored;
  fs::remove(lock_file, ignored);
  if (ec) {
    // Another process finished the same entry first (without our lock file); its archive is identical.
    cleanup();
    if (!fs::exists(archive)) {
      throw Error(ErrorKind::Io, fmt::format("cannot store library {} in {}: {}", library.name, entry.string(),
                                             ec.message()));
    }
  }
  return archive;
}

}  // namespace

std::string compiler_error_excerpt(const std::string& err, size_t max_lines) {
  std::vector<std::string> lines;
  std::istringstream in(err);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  // Start at the first compiler diagnostic that is an error, so include chains and notes don't
  // crowd it out. collect2's closing "ld returned 1" says nothing; linker messages precede it.
  size_t first = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("error:") != std::string::npos && lines[i].rfind("collect2:", 0) != 0) {
      first = i;
      break;
    }
  }
  std::string out;
  for (size_t i = first; i < lines.size() && i < first + max_lines; ++i) out += (out.empty() ? "" : "\n") + lines[i];
  return out;
}

std::vector<fs::path> compile_objects(const Toolchain& toolchain, const std::vector<fs::path>& sources,
                                      const std::vector<std::string>& extra_flags, const fs::path& dir) {
  std::vector<fs::path> objects(sources.size());
  std::vector<std::vector<std::string>> commands(sources.size());
  for (size_t i = 0; i < sources.size(); ++i) {
    // Numbered names: sources of different folders may share a file name.
    objects[i] = dir / fmt::format("{}_{}.o", i, sources[i].stem().string());
    const bool cxx = is_cxx_source(sources[i]);
    std::vector<std::string>& argv = commands[i];
    argv.push_back(compiler_for(toolchain, cxx).string());
    const auto& flags = cxx ? toolchain.cxx_flags : toolchain.c_flags;
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
    argv.insert(argv.end(), {"-c", sources[i].string(), "-o", objects[i].string()});
  }
  ProcessOptions options;
  options.timeout = toolchain.timeout;
  std::mutex mutex;
  std::optional<Error> failure;
  std::atomic<size_t> next{0};
  ProcessRunner& runner = current_process_runner();  // a session task's: it may cancel them
  auto worker = [&] {
    ScopedProcessRunner scope(runner);
    for (size_t i = next++; i < sources.size(); i = next++) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (failure) return;
      }
      const ProcessResult result = run_process(commands[i], options);
      if (!result.ok()) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure)
          failure = Error(ErrorKind::Toolchain, fmt::format("{}: {} does not compile ({}):\n{}", toolchain.target,
                                                            sources[i].filename().string(), result.describe(),
                                                            compiler_error_excerpt(result.err)));
        return;
      }
    }
  };
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t jobs = std::min<size_t>(sources.size(), toolchain.jobs > 0 ? static_cast<size_t>(toolchain.jobs) : cores);
  std::vector<std::thread> pool;
  for (size_t j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (failure) throw *failure;
  return objects;
}

std::vector<std::string> toolchain_fields(const Toolchain& toolchain, Language language) {
  const bool cxx = language == Language::Cxx;
  std::vector<std::string> fields = {"target=" + toolchain.target, "compiler=" + compiler_for(toolchain, cxx).string()};
  for (const auto& flag : cxx ? toolchain.cxx_flags : toolchain.c_flags) fields.push_back("flag=" + flag);
  return fields;
}

// A file's path as the key sees it: one spelling for every way to reach it (a checkout named
// as ../shared/x by one tree and /work/shared/x by another shares its archives).
static std::string key_path(const fs::path& file) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(file, ec);
  return (ec ? file : canonical).string();
}

std::string library_digest(const Library& library) {
  ContentHash hash;
  hash.add("library", library.name);
  hash.add("language", library.language == Language::Cxx ? "c++" : "c");
  for (const auto& dir : library.include_dirs) hash.add("include", key_path(dir));
  for (const auto& define : library.defines) hash.add("define", define);
  for (const auto& source : library.sources) {
    hash.add("source", key_path(source));
    hash.add("digest", file_digest(source));
  }
  // Include dirs may nest (TFLite-Micro's root and its downloads): each header counts once,
  // in a stable order (directory order is not stable across machines).
  std::set<fs::path> headers;
  for (const auto& dir : library.include_dirs)
    for (auto& header : headers_under(dir)) headers.insert(std::move(header));
  for (const auto& header : headers) {
    hash.add("header", key_path(header));
    hash.add("digest", file_digest(header));
  }
  // Private headers next to the sources (and in folders below them) count too.
  std::vector<fs::path> source_dirs;
  for (const auto& source : library.sources) source_dirs.push_back(source.parent_path());
  std::set<fs::path> private_headers;
  for (const auto& dir : source_dirs)
    for (auto& header : headers_under(dir))
      if (!headers.count(header)) private_headers.insert(std::move(header));
  for (const auto& header : private_headers) {
    hash.add("private header", key_path(header));
    hash.add("digest", file_digest(header));
  }
  return hash.hex();
}

std::string library_key(const Toolchain& toolchain, const Library& library) {
  const bool cxx = library.language == Language::Cxx;
  ContentHash hash;
  hash.add("format", kCacheFormat);
  hash.add("target", toolchain.target);
  hash.add("compiler", compiler_for(toolchain, cxx).string());
  hash.add("compiler_version", cxx ? toolchain.cxx_version : toolchain.c_version);
  for (const auto& flag : cxx ? toolchain.cxx_flags : toolchain.c_flags) hash.add("flag", flag);
  hash.add("library", library_digest(library));
  return hash.hex();
}

fs::path cached_library(const Toolchain& toolchain, const Library& library, const fs::path& cache_dir) {
  const std::string key = library_key(toolchain, library);
  // Threads of this process asking for the same entry share one build (and its error).
  static std::mutex mutex;
  static std::map<std::string, std::shared_future<fs::path>> building;
  const std::string id = (cache_dir / toolchain.target / key).string();
  std::promise<fs::path> promise;
  std::shared_future<fs::path> future;
  bool owner = false;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = building.find(id);
    if (it == building.end()) {
      future = promise.get_future().share();
      building.emplace(id, future);
      owner = true;
    } else {
      future = it->second;
    }
  }
  if (owner) {
    try {
      promise.set_value(build_library(toolchain, library, cache_dir, key));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
    std::lock_guard<std::mutex> lock(mutex);
    building.erase(id);  // a later call re-checks the cache (and retries after a failure)
  }
  return future.get();
}

std::vector<std::string> build_link_inputs(const Toolchain& toolchain, const CompileRequest& request) {
  const fs::path cache_dir = request.cache_dir.empty() ? request.work_dir / "libs" : request.cache_dir;
  std::vector<std::string> archives;
  if (!request.archives.empty()) {
    if (request.archives.size() != request.libraries.size())
      throw Error(ErrorKind::Internal, "compile request: one archive per library expected");
    for (const auto& archive : request.archives) archives.push_back(archive.string());
  } else {
    for (const Library& library : request.libraries)
      archives.push_back(cached_library(toolchain, library, cache_dir).string());
  }
  std::vector<std::string> extra;
  for (const auto& dir : request.include_dirs) extra.push_back("-I" + dir.string());
  for (const auto& library : request.libraries)
    for (const auto& dir : library.include_dirs) {
      const std::string flag = "-I" + dir.string();
      if (std::find(extra.begin(), extra.end(), flag) == extra.end()) extra.push_back(flag);
    }
  for (const auto& define : request.defines) extra.push_back("-D" + define);
  std::error_code ec;
  fs::create_directories(request.work_dir / "obj", ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot create {}: {}", request.work_dir.string(), ec.message()));
  std::vector<std::string> inputs;
  for (const auto& object : compile_objects(toolchain, request.sources, extra, request.work_dir / "obj"))
    inputs.push_back(object.string());
  if (!archives.empty()) {
    inputs.push_back("-Wl,--start-group");
    inputs.insert(inputs.end(), archives.begin(), archives.end());
    inputs.push_back("-Wl,--end-group");
  }
  return inputs;
}

bool needs_cxx(const CompileRequest& request) {
  return any_cxx(request.libraries) || std::any_of(request.sources.begin(), request.sources.end(), is_cxx_source);
}

bool any_cxx(const std::vector<Library>& libraries) {
  return std::any_of(libraries.begin(), libraries.end(),
                     [](const Library& l) { return l.language == Language::Cxx; });
}

bool is_cxx_source(const fs::path& source) {
  const auto ext = source.extension();
  return ext == ".cc" || ext == ".cpp" || ext == ".cxx";
}

}  // namespace mlonmcu::targets
