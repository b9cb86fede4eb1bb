#include "cache/cache_key.h"

#include <sstream>

#include "common/content_hash.h"

namespace mlonmcu::cache {

namespace {

constexpr FieldKind kKinds[] = {FieldKind::Format, FieldKind::Tool, FieldKind::Config, FieldKind::Input};

}  // namespace

std::string_view field_kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::Format: return "format";
    case FieldKind::Tool: return "tool";
    case FieldKind::Config: return "config";
    case FieldKind::Input: return "input";
  }
  return "input";
}

std::string sha256_hex(std::string_view bytes) {
  ContentHash hash;
  hash.add("bytes", bytes);
  return hash.hex();
}

CacheKey& CacheKey::format(std::string_view label, int version) {
  fields_.push_back({FieldKind::Format, std::string(label), std::to_string(version)});
  return *this;
}

CacheKey& CacheKey::tool(std::string_view name, std::string_view identity) {
  fields_.push_back({FieldKind::Tool, std::string(name), std::string(identity)});
  return *this;
}

CacheKey& CacheKey::config(std::string_view key, std::string_view value) {
  fields_.push_back({FieldKind::Config, std::string(key), std::string(value)});
  return *this;
}

CacheKey& CacheKey::input(std::string_view name, std::string_view content) {
  return input_digest(name, sha256_hex(content));
}

CacheKey& CacheKey::input_digest(std::string_view name, std::string_view digest) {
  fields_.push_back({FieldKind::Input, std::string(name), std::string(digest)});
  return *this;
}

std::string CacheKey::digest() const {
  ContentHash hash;
  for (const KeyField& f : fields_) {
    hash.add("kind", field_kind_name(f.kind));
    hash.add("label", f.label);
    hash.add("value", f.value);
  }
  return hash.hex();
}

std::string CacheKey::text() const {
  std::string out;
  // Labels and values are single-line by construction (names, digests, config values).
  for (const KeyField& f : fields_) out += std::string(field_kind_name(f.kind)) + " " + f.label + "=" + f.value + "\n";
  return out;
}

std::optional<CacheKey> CacheKey::parse_text(std::string_view text) {
  CacheKey key;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const size_t space = line.find(' ');
    const size_t equals = line.find('=', space);
    if (space == std::string::npos || equals == std::string::npos) return std::nullopt;
    const std::string kind = line.substr(0, space);
    KeyField field;
    bool known = false;
    for (FieldKind k : kKinds) {
      if (field_kind_name(k) == kind) {
        field.kind = k;
        known = true;
      }
    }
    if (!known) return std::nullopt;
    field.label = line.substr(space + 1, equals - space - 1);
    field.value = line.substr(equals + 1);
    key.fields_.push_back(std::move(field));
  }
  return key;
}

}  // namespace mlonmcu::cache
