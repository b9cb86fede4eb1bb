// One configuration mechanism for every component: `<component>.<key>=value`.
// Components declare their keys (type, default, allowed values, help) in a Registry; the
// user's K=V strings are parsed against it into a Config, so an unknown key or a bad value is
// one clear error before any run starts. Config::non_default() feeds the report's Config column.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlonmcu::config {

enum class Type { Bool, Int, Float, String, Choice, Path };

struct KeyDef {
  std::string key;  // "<component>.<key>", e.g. "interp.arena_size"
  Type type = Type::String;
  std::string default_value;
  std::string help;
  std::vector<std::string> choices;  // Type::Choice
  std::optional<int64_t> min;        // Type::Int
  std::optional<int64_t> max;
};

class Registry {
 public:
  void add(KeyDef def);  // a key declared twice with different types is an Internal error
  const KeyDef* find(const std::string& key) const;
  const std::map<std::string, KeyDef>& keys() const { return keys_; }
  // Keys of one component ("interp"), for `--help`-like listings and error hints.
  std::vector<const KeyDef*> component_keys(const std::string& component) const;

 private:
  std::map<std::string, KeyDef> keys_;
};

class Config {
 public:
  Config() = default;
  // Parses "key=value" strings; throws Error(Config) naming the key and what is wrong
  // (unknown key with the closest known ones, wrong type, out of range, not a choice).
  static Config parse(const Registry& registry, const std::vector<std::string>& assignments);

  // Typed getters fall back to the registry's default. Unknown keys are Internal errors.
  bool get_bool(const std::string& key) const;
  int64_t get_int(const std::string& key) const;
  double get_float(const std::string& key) const;
  std::string get_string(const std::string& key) const;

  void set(const std::string& key, const std::string& value);  // validated
  bool has(const std::string& key) const { return values_.count(key) != 0; }

  // Values that differ from their defaults, sorted by key (stable report column).
  std::map<std::string, std::string> non_default() const;
  // All explicitly given values of one component, "component.key" → value.
  std::map<std::string, std::string> component_values(const std::string& component) const;
  const std::map<std::string, std::string>& values() const { return values_; }
  const Registry* registry() const { return registry_; }

 private:
  const KeyDef& def(const std::string& key) const;
  const Registry* registry_ = nullptr;
  std::map<std::string, std::string> values_;  // normalized values given by the user
};

// Checks and normalizes one value ("1"/"true"/"yes" → "true", "0x10" → "16"); throws Config.
std::string normalize_value(const KeyDef& def, const std::string& value);

}  // namespace mlonmcu::config
