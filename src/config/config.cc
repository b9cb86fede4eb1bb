#include "config/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "common/error.h"

namespace mlonmcu::config {

namespace {

std::string trim(const std::string& s) {
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
  return s.substr(begin, end - begin);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

[[noreturn]] void bad_value(const KeyDef& def, const std::string& value, const std::string& why) {
  throw Error(ErrorKind::Config, fmt::format("config '{}={}': {}", def.key, value, why));
}

// Decimal, 0x hex or 0b binary, with an optional sign; the whole text must be the number.
std::optional<int64_t> parse_int(const std::string& text) {
  std::string s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.erase(0, 1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.erase(0, 2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
    base = 2;
    s.erase(0, 2);
  }
  if (s.empty()) return std::nullopt;
  // Parse the magnitude unsigned so that INT64_MIN is representable.
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (magnitude > kMaxPositive + 1) return std::nullopt;
    if (magnitude == kMaxPositive + 1) return std::numeric_limits<int64_t>::min();
    return -static_cast<int64_t>(magnitude);
  }
  if (magnitude > kMaxPositive) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

std::optional<double> parse_float(const std::string& s) {
  if (s.empty()) return std::nullopt;
  double value = 0;
  const char* begin = s.data();
  if (*begin == '+') ++begin;  // from_chars rejects a leading '+', users write it anyway
  auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<bool> parse_bool(const std::string& s) {
  const std::string v = lower(s);
  if (v == "1" || v == "true" || v == "yes" || v == "on" || v == "y") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off" || v == "n") return false;
  return std::nullopt;
}

// Edit distance (insert/delete/substitute) between two keys, for "did you mean" hints.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Known keys close to a mistyped one: within a third of its length in edits, the same key part
// under another component ("arena_size" vs "interp.arena_size"), or a shortened key part
// of the same component ("interp.arena" vs "interp.arena_size").
std::vector<std::string> closest_matches(const std::string& key, const std::vector<std::string>& known,
                                         size_t limit) {
  std::vector<std::pair<size_t, std::string>> scored;
  const size_t budget = std::max<size_t>(2, key.size() / 3);
  const size_t dot = key.rfind('.');
  const std::string leaf = dot == std::string::npos ? key : key.substr(dot + 1);
  for (const auto& candidate : known) {
    size_t distance = edit_distance(lower(key), lower(candidate));
    const size_t cdot = candidate.rfind('.');
    const std::string cleaf = cdot == std::string::npos ? candidate : candidate.substr(cdot + 1);
    const bool same_component = candidate.compare(0, cdot + 1, key, 0, dot + 1) == 0 && dot == cdot;
    const bool leaf_prefix = !leaf.empty() && (cleaf.rfind(leaf, 0) == 0 || leaf.rfind(cleaf, 0) == 0);
    if ((!leaf.empty() && leaf == cleaf) || (same_component && leaf_prefix)) distance = std::min(distance, budget);
    if (distance <= budget) scored.emplace_back(distance, candidate);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> result;
  for (size_t i = 0; i < scored.size() && i < limit; ++i) result.push_back(scored[i].second);
  return result;
}

std::string component_of(const std::string& key) {
  const size_t dot = key.find('.');
  return dot == std::string::npos ? std::string() : key.substr(0, dot);
}

}  // namespace

std::string normalize_value(const KeyDef& def, const std::string& raw) {
  const std::string value = trim(raw);
  switch (def.type) {
    case Type::Bool: {
      const auto b = parse_bool(value);
      if (!b) bad_value(def, raw, "expected a boolean (true/false, 1/0, yes/no, on/off)");
      return *b ? "true" : "false";
    }
    case Type::Int: {
      const auto i = parse_int(value);
      if (!i) bad_value(def, raw, "expected an integer (decimal, 0x hex or 0b binary)");
      const bool below = def.min && *i < *def.min;
      const bool above = def.max && *i > *def.max;
      if (below || above) {
        if (def.min && def.max) {
          bad_value(def, raw, fmt::format("must be between {} and {}", *def.min, *def.max));
        }
        if (def.min) bad_value(def, raw, fmt::format("must be at least {}", *def.min));
        bad_value(def, raw, fmt::format("must be at most {}", *def.max));
      }
      return std::to_string(*i);
    }
    case Type::Float: {
      const auto f = parse_float(value);
      if (!f) bad_value(def, raw, "expected a finite number");
      return fmt::format("{}", *f);  // shortest text that reads back as the same double
    }
    case Type::Choice: {
      for (const auto& choice : def.choices) {
        if (choice == value) return choice;
      }
      // Case-insensitive match gives the declared spelling, so the report stays uniform.
      for (const auto& choice : def.choices) {
        if (lower(choice) == lower(value)) return choice;
      }
      bad_value(def, raw, fmt::format("must be one of: {}", fmt::join(def.choices, ", ")));
    }
    case Type::String:
      return value;
    case Type::Path: {
      if (value == "~" || value.rfind("~/", 0) == 0) {
        const char* home = std::getenv("HOME");
        if (home != nullptr && *home != '\0') return std::string(home) + value.substr(1);
      }
      return value;
    }
  }
  bad_value(def, raw, "unknown type");
}

// ---- Registry ----

void Registry::add(KeyDef def) {
  if (def.key.empty() || def.key.find('=') != std::string::npos) {
    throw Error(ErrorKind::Internal, fmt::format("config key '{}' is not a valid key", def.key));
  }
  if (def.type == Type::Choice && def.choices.empty()) {
    throw Error(ErrorKind::Internal, fmt::format("config key '{}' is a choice without choices", def.key));
  }
  // A declared default must itself be valid, or every run would fail on it later.
  if (!def.default_value.empty()) {
    try {
      def.default_value = normalize_value(def, def.default_value);
    } catch (const Error& e) {
      throw Error(ErrorKind::Internal, fmt::format("bad default of config key: {}", e.what()));
    }
  }
  const auto it = keys_.find(def.key);
  if (it != keys_.end()) {
    if (it->second.type != def.type) {
      throw Error(ErrorKind::Internal,
                  fmt::format("config key '{}' declared twice with different types", def.key));
    }
    return;  // the same key from two declarers (e.g. a shared option): first one wins
  }
  const std::string key = def.key;
  keys_.emplace(key, std::move(def));
}

const KeyDef* Registry::find(const std::string& key) const {
  const auto it = keys_.find(key);
  return it == keys_.end() ? nullptr : &it->second;
}

std::vector<const KeyDef*> Registry::component_keys(const std::string& component) const {
  std::vector<const KeyDef*> result;
  const std::string prefix = component + ".";
  for (auto it = keys_.lower_bound(prefix); it != keys_.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    result.push_back(&it->second);
  }
  return result;
}

// ---- Config ----

namespace {

std::string unknown_key_message(const Registry& registry, const std::string& key) {
  std::vector<std::string> known;
  known.reserve(registry.keys().size());
  for (const auto& [name, def] : registry.keys()) known.push_back(name);
  std::string message = fmt::format("unknown config key '{}'", key);
  const auto close = closest_matches(key, known, 3);
  if (!close.empty()) {
    return message + fmt::format(" (did you mean {}?)", fmt::join(close, ", "));
  }
  const std::string component = component_of(key);
  const auto same_component = registry.component_keys(component);
  if (!component.empty() && !same_component.empty()) {
    std::vector<std::string> names;
    for (const KeyDef* def : same_component) names.push_back(def->key);
    return message + fmt::format(" (keys of '{}': {})", component, fmt::join(names, ", "));
  }
  if (component.empty()) return message + " (keys are written <component>.<key>, e.g. interp.arena_size)";
  return message;
}

}  // namespace

Config Config::parse(const Registry& registry, const std::vector<std::string>& assignments) {
  Config config;
  config.registry_ = &registry;
  for (const auto& assignment : assignments) {
    const size_t eq = assignment.find('=');
    if (eq == std::string::npos) {
      throw Error(ErrorKind::Config,
                  fmt::format("config '{}': expected key=value (e.g. interp.arena_size=32768)", assignment));
    }
    const std::string key = trim(assignment.substr(0, eq));
    if (key.empty()) {
      throw Error(ErrorKind::Config, fmt::format("config '{}': the key before '=' is empty", assignment));
    }
    config.set(key, assignment.substr(eq + 1));
  }
  return config;
}

void Config::set(const std::string& key, const std::string& value) {
  if (registry_ == nullptr) {
    throw Error(ErrorKind::Internal, fmt::format("config '{}' set on a config without registry", key));
  }
  const KeyDef* d = registry_->find(key);
  if (d == nullptr) throw Error(ErrorKind::Config, unknown_key_message(*registry_, key));
  values_[key] = normalize_value(*d, value);
}

const KeyDef& Config::def(const std::string& key) const {
  const KeyDef* d = registry_ == nullptr ? nullptr : registry_->find(key);
  if (d == nullptr) throw Error(ErrorKind::Internal, fmt::format("config key '{}' was never declared", key));
  return *d;
}

namespace {

const std::string& value_or_default(const std::map<std::string, std::string>& values, const KeyDef& def) {
  const auto it = values.find(def.key);
  return it == values.end() ? def.default_value : it->second;
}

[[noreturn]] void wrong_getter(const KeyDef& def, const char* wanted) {
  throw Error(ErrorKind::Internal, fmt::format("config key '{}' read as {} but declared otherwise", def.key, wanted));
}

}  // namespace

bool Config::get_bool(const std::string& key) const {
  const KeyDef& d = def(key);
  if (d.type != Type::Bool) wrong_getter(d, "a boolean");
  const std::string& v = value_or_default(values_, d);
  return v.empty() ? false : v == "true";
}

int64_t Config::get_int(const std::string& key) const {
  const KeyDef& d = def(key);
  if (d.type != Type::Int) wrong_getter(d, "an integer");
  const std::string& v = value_or_default(values_, d);
  if (v.empty()) throw Error(ErrorKind::Config, fmt::format("config '{}' has no value and no default", key));
  return *parse_int(v);  // stored values are normalized, so this parses
}

double Config::get_float(const std::string& key) const {
  const KeyDef& d = def(key);
  if (d.type != Type::Float && d.type != Type::Int) wrong_getter(d, "a number");
  const std::string& v = value_or_default(values_, d);
  if (v.empty()) throw Error(ErrorKind::Config, fmt::format("config '{}' has no value and no default", key));
  return *parse_float(v);
}

std::string Config::get_string(const std::string& key) const {
  return value_or_default(values_, def(key));
}

std::map<std::string, std::string> Config::non_default() const {
  std::map<std::string, std::string> result;
  for (const auto& [key, value] : values_) {
    if (value != def(key).default_value) result.emplace(key, value);
  }
  return result;
}

std::map<std::string, std::string> Config::component_values(const std::string& component) const {
  std::map<std::string, std::string> result;
  const std::string prefix = component + ".";
  for (auto it = values_.lower_bound(prefix); it != values_.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    result.insert(*it);
  }
  return result;
}

}  // namespace mlonmcu::config
