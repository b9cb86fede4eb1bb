#include "backends/tvm/mlf_source.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/tvm/tvmc.h"
#include "common/error.h"

namespace mlonmcu::backends::tvm {

namespace {

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The names a model goes by in a directory of archives: its file's stem and its folder's name.
std::vector<std::string> model_names(const fs::path& model_file) {
  std::vector<std::string> names = {model_file.stem().string()};
  const std::string folder = model_file.parent_path().filename().string();
  if (!folder.empty() && folder != names.front()) names.push_back(folder);
  return names;
}

}  // namespace

void declare_source_config(config::Registry& r) {
  r.add({"tvm.source", config::Type::Choice, "auto",
         "where TVM backends get the MLF: tvmc, mlf (archives), auto (tvmc when configured)",
         {"auto", "tvmc", "mlf"}, {}, {}});
  r.add({"tvm.mlf_dir", config::Type::Path, "",
         "directory of MLF archives tvmc made, DIR/<model>/<backend>.tar (tvmaotplus also tvmaot_usmp.tar)", {}, {}, {}});
  r.add({"tvm.crt_dir", config::Type::Path, "",
         "TVM's standalone C runtime for tvmrt (default: runtime/ of an AOT archive beside it, or "
         "<tvm>/build/standalone_crt of tvm.pythonpath)",
         {}, {}, {}});
  for (const Variant& v : variants())
    r.add({std::string(v.name) + ".mlf", config::Type::Path, "",
           "an MLF archive for this backend (one model), used instead of tvmc", {}, {}, {}});
}

Source source_of(const config::Config& cfg) {
  const std::string source = cfg.get_string("tvm.source");
  if (source == "tvmc") return Source::Tvmc;
  if (source == "mlf") return Source::Archive;
  return cfg.get_string("tvm.tvmc").empty() && cfg.get_string("tvm.python").empty() ? Source::Archive : Source::Tvmc;
}

std::vector<fs::path> archive_candidates(const Variant& v, const config::Config& cfg, const fs::path& model_file) {
  std::vector<fs::path> out;
  const std::string given = cfg.get_string(std::string(v.name) + ".mlf");
  if (!given.empty()) return {fs::path(given)};
  for (const char* name : v.archive_names) out.push_back(model_file.parent_path() / name);
  const std::string dir = cfg.get_string("tvm.mlf_dir");
  if (!dir.empty())
    for (const auto& model : model_names(model_file))
      for (const char* name : v.archive_names) out.push_back(fs::path(dir) / model / name);
  return out;
}

fs::path find_archive(const Variant& v, const config::Config& cfg, const fs::path& model_file) {
  const std::vector<fs::path> candidates = archive_candidates(v, cfg, model_file);
  for (const auto& c : candidates)
    if (is_file(c)) return c;
  std::vector<std::string> looked;
  for (const auto& c : candidates) looked.push_back(c.string());
  const std::string given = cfg.get_string(std::string(v.name) + ".mlf");
  if (!given.empty())
    throw Error(ErrorKind::Toolchain, fmt::format("{}: {}.mlf={} does not exist", v.name, v.name, given));
  throw Error(ErrorKind::Toolchain,
              fmt::format("{} needs TVM: no tvmc configured (tvm.tvmc or tvm.python) and no MLF archive for {} "
                          "(looked for {}{}); {}",
                          v.name, model_file.stem().string(), fmt::join(looked, ", "),
                          cfg.get_string("tvm.mlf_dir").empty() ? "; tvm.mlf_dir is not set" : "", how_to_get_tvm()));
}

Requirement archives_requirement(const Variant& v, const config::Config& cfg) {
  Requirement req{"MLF archives (tvm.mlf_dir, or <model dir>/" + std::string(v.archive_names.front()) + ")", false, "",
                  "set tvm.mlf_dir=DIR with DIR/<model>/" + std::string(v.archive_names.front()) +
                      " made by tvmc (see README), or put the archive beside the model"};
  const std::string dir = cfg.get_string("tvm.mlf_dir");
  if (dir.empty()) {
    req.detail = "tvm.mlf_dir is not set (archives beside a model are found at run time)";
    return req;
  }
  std::vector<std::string> models;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    for (const char* name : v.archive_names)
      if (is_file(entry.path() / name)) {
        models.push_back(entry.path().filename().string());
        break;
      }
  std::sort(models.begin(), models.end());
  req.found = !models.empty();
  req.detail = models.empty() ? fmt::format("{} has no <model>/{}", dir, v.archive_names.front())
                              : fmt::format("{}: {}", dir, fmt::join(models, ", "));
  return req;
}

}  // namespace mlonmcu::backends::tvm
