#include "targets/host/callgrind_counts.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/error.h"

namespace mlonmcu::targets::callgrind {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTriggerPrefix = "desc: Trigger: ";
constexpr std::string_view kDumpBefore = "--dump-before=";

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::optional<int64_t> parse_int(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::vector<std::string> split_words(std::string_view s) {
  std::istringstream in{std::string(s)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

[[noreturn]] void malformed(const fs::path& file, const std::string& what) {
  throw Error(ErrorKind::Target,
              fmt::format("host_x86: callgrind output {} is malformed: {}", file.string(), what));
}

// The dump number a file name carries: "<base>.7" -> 7; the un-suffixed base file is callgrind's
// final dump. Only used when a file has no "part:" header.
std::optional<int64_t> suffix_number(const std::string& name, const std::string& base) {
  if (name == base) return INT64_MAX;
  if (name.size() <= base.size() + 1 || !starts_with(name, base) || name[base.size()] != '.')
    return std::nullopt;
  return parse_int(std::string_view(name).substr(base.size() + 1));
}

}  // namespace

Part read_part(const fs::path& file) {
  std::ifstream in(file);
  if (!in)
    throw Error(ErrorKind::Target, fmt::format("host_x86: callgrind output {} is missing", file.string()));
  std::string line;
  if (!std::getline(in, line) || !starts_with(line, "# callgrind format")) malformed(file, "no format line");
  Part part;
  part.index = -1;
  std::optional<size_t> ir_column;
  std::optional<std::string> summary, totals;
  bool trigger_seen = false;
  while (std::getline(in, line)) {
    const std::string_view l = line;
    if (starts_with(l, "part:")) {
      const auto n = parse_int(l.substr(5));
      if (!n) malformed(file, "bad part line");
      part.index = *n;
    } else if (starts_with(l, kTriggerPrefix)) {
      const std::string_view what = l.substr(kTriggerPrefix.size());
      trigger_seen = true;
      // "Program termination" and client requests end no marker interval of ours.
      if (starts_with(what, kDumpBefore)) part.trigger = std::string(what.substr(kDumpBefore.size()));
    } else if (starts_with(l, "events:")) {
      const auto events = split_words(l.substr(7));
      const auto it = std::find(events.begin(), events.end(), "Ir");
      if (it == events.end()) malformed(file, "no Ir event");
      ir_column = static_cast<size_t>(it - events.begin());
    } else if (starts_with(l, "summary:")) {
      summary = line.substr(8);
    } else if (starts_with(l, "totals:")) {
      totals = line.substr(7);
    }
  }
  if (!ir_column) malformed(file, "no events line");
  if (!trigger_seen) malformed(file, "no trigger line");
  // "totals:" closes the file; "summary:" is in the header. They agree; either will do.
  const auto& sums = totals ? totals : summary;
  if (!sums) malformed(file, "no summary or totals line (file truncated?)");
  const auto values = split_words(*sums);
  // Trailing zero event counts may be left out of the line.
  if (*ir_column >= values.size()) {
    part.instructions = 0;
  } else {
    const auto v = parse_int(values[*ir_column]);
    if (!v || *v < 0) malformed(file, "bad instruction count '" + values[*ir_column] + "'");
    part.instructions = *v;
  }
  return part;
}

std::vector<Part> read_parts(const fs::path& base) {
  const fs::path dir = base.has_parent_path() ? base.parent_path() : fs::path(".");
  const std::string name = base.filename().string();
  std::vector<Part> parts;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto number = suffix_number(entry.path().filename().string(), name);
    if (!number) continue;
    Part p = read_part(entry.path());
    if (p.index < 0) p.index = *number;
    parts.push_back(std::move(p));
  }
  if (parts.empty())
    throw Error(ErrorKind::Target, fmt::format("host_x86: callgrind wrote no output ({})", base.string()));
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.index < b.index; });
  for (size_t i = 1; i < parts.size(); ++i)
    if (parts[i].index == parts[i - 1].index)
      throw Error(ErrorKind::Target, fmt::format("host_x86: callgrind output {} has part {} twice",
                                                 base.string(), parts[i].index));
  return parts;
}

std::vector<std::string> dump_options(bool layers) {
  std::vector<std::string> out;
  for (const char* m : {kSetupMarker, kRunBeginMarker, kRunEndMarker})
    out.push_back(fmt::format("--dump-before={}", m));
  if (layers)
    for (const char* m : {kLayerBeginMarker, kLayerEndMarker}) out.push_back(fmt::format("--dump-before={}", m));
  return out;
}

Counts split_at_markers(const std::vector<Part>& parts, int32_t num_layers) {
  Counts c;
  if (num_layers > 0) c.layers.assign(static_cast<size_t>(num_layers), 0);
  // What the currently open interval belongs to, as in the QEMU plugin. An inference or layer
  // counts only once its end marker is entered, so a program that dies mid-inference adds nothing.
  bool before_setup = true, in_run = false;
  int64_t setup_sum = 0, run_sum = 0, open_run = 0, open_layer = 0;
  int64_t current_layer = -1;
  for (const Part& p : parts) {
    c.total += p.instructions;
    if (before_setup) setup_sum += p.instructions;
    if (in_run) open_run += p.instructions;
    if (current_layer >= 0) open_layer += p.instructions;

    // The part ends at the entry of p.trigger: update the state for the next interval.
    if (p.trigger == kSetupMarker) {
      if (before_setup) c.setup = setup_sum;
      before_setup = false;
    } else if (p.trigger == kRunBeginMarker) {
      in_run = true;
      open_run = 0;
    } else if (p.trigger == kRunEndMarker) {
      if (in_run) {
        run_sum += open_run;
        ++c.runs;
      }
      in_run = false;
    } else if (p.trigger == kLayerBeginMarker) {
      if (num_layers > 0) current_layer = c.layer_calls % num_layers;
      ++c.layer_calls;
      open_layer = 0;
    } else if (p.trigger == kLayerEndMarker) {
      if (current_layer >= 0) c.layers[static_cast<size_t>(current_layer)] += open_layer;
      current_layer = -1;
    }
  }
  if (c.runs > 0) c.run = run_sum;
  return c;
}

}  // namespace mlonmcu::targets::callgrind
