#include "deploy/export.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "backends/aot/manifest.h"
#include "common/c_writer.h"
#include "common/error.h"
#include "deploy/project_files.h"

namespace mlonmcu::deploy {

namespace fs = std::filesystem;

namespace {

bool is_number(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Numbered entries in numeric order, then any others by name.
std::vector<std::string> entries_in_order(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    if (is_number(a) != is_number(b)) return is_number(a);
    if (is_number(a)) return a.size() != b.size() ? a.size() < b.size() : a < b;
    return a < b;
  });
  return names;
}

std::string pick_session(const ExportRequest& r) {
  if (r.session) {
    if (!fs::is_directory(r.sessions_dir / *r.session))
      throw Error(ErrorKind::Usage,
                  fmt::format("no session '{}' in {}", *r.session, r.sessions_dir.string()));
    return *r.session;
  }
  const auto sessions = entries_in_order(r.sessions_dir);
  if (sessions.empty())
    throw Error(ErrorKind::Usage,
                fmt::format("no sessions in {} (run `mlonmcu flow build MODEL -b aot` first)",
                            r.sessions_dir.string()));
  // The latest: the highest number (session ids count up).
  return sessions.back();
}

std::string pick_run(const ExportRequest& r, const fs::path& session_dir,
                     const std::string& session) {
  const fs::path runs = session_dir / "runs";
  if (r.run) {
    if (!fs::is_directory(runs / *r.run))
      throw Error(ErrorKind::Usage, fmt::format("session {} has no run '{}'", session, *r.run));
    if (!backends::aot::has_manifest(runs / *r.run / "build"))
      throw Error(
          ErrorKind::Usage,
          fmt::format("run {} of session {} is not an aot build (only -b aot runs can be exported)",
                      *r.run, session));
    return *r.run;
  }
  for (const std::string& run : entries_in_order(runs))
    if (backends::aot::has_manifest(runs / run / "build")) return run;
  throw Error(ErrorKind::Usage, fmt::format("session {} has no aot run (use -b aot)", session));
}

// The run's first input sample (the harness's input file), or zeros when it never compiled.
std::vector<std::vector<uint8_t>> first_sample(const fs::path& run_dir,
                                               const backends::aot::Manifest& m) {
  std::vector<std::vector<uint8_t>> inputs;
  std::ifstream in(run_dir / "compile" / "mlif_inputs.bin", std::ios::binary);
  for (int64_t size : m.input_sizes) {
    std::vector<uint8_t> bytes(static_cast<size_t>(size), 0);
    if (in) in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (!in) std::fill(bytes.begin(), bytes.end(), 0);
    inputs.push_back(std::move(bytes));
  }
  return inputs;
}

}  // namespace

ExportResult export_run(const ExportRequest& request) {
  ExportResult result;
  result.session = pick_session(request);
  const fs::path session_dir = request.sessions_dir / result.session;
  result.run = pick_run(request, session_dir, result.session);
  const fs::path run_dir = session_dir / "runs" / result.run;
  const fs::path build = run_dir / "build";
  const backends::aot::Manifest m = backends::aot::read_manifest(build);
  result.model = m.model;
  result.prefix = m.prefix;
  result.dest = request.dest ? *request.dest : fs::current_path() / (m.model + "_aot");

  std::error_code ec;
  if (fs::exists(result.dest, ec) && !fs::is_empty(result.dest, ec))
    throw Error(ErrorKind::Io, fmt::format("{} exists and is not empty; choose another DEST",
                                           result.dest.string()));
  auto copy = [&](const fs::path& from, const fs::path& rel) {
    fs::create_directories((result.dest / rel).parent_path());
    fs::copy_file(from, result.dest / rel, fs::copy_options::overwrite_existing, ec);
    if (ec)
      throw Error(ErrorKind::Io, fmt::format("cannot copy {}: {}", from.string(), ec.message()));
    result.files.push_back(rel);
  };
  auto write = [&](const fs::path& rel, const std::string& text) {
    fs::create_directories((result.dest / rel).parent_path());
    write_text_file((result.dest / rel).string(), text);
    result.files.push_back(rel);
  };
  copy(build / m.header, fs::path("model") / m.header);
  copy(build / m.source, fs::path("model") / m.source);
  for (const std::string& f : m.kernel_files) copy(build / "kernels" / f, fs::path("kernels") / f);
  write("CMakeLists.txt", cmake_lists(m));
  write("README.md", readme(m, result.session, result.run));
  write("example/main.c", example_main(m));
  write("example/sample_input.h", sample_input_header(first_sample(run_dir, m)));
  return result;
}

}  // namespace mlonmcu::deploy
