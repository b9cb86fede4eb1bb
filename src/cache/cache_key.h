// Cache keys of session tasks, in the manner of ccache: every field that determines a task's
// output is added with a kind and a label (format version, tool identity, config value, input
// content), and the key is the SHA-256 of the labelled fields. The fields are kept too: written
// as text beside an entry they say what went into it, and compared with an earlier key of the
// same task they say why a task ran again (explanation.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlonmcu::cache {

enum class FieldKind { Format, Tool, Config, Input };

struct KeyField {
  FieldKind kind = FieldKind::Input;
  std::string label;  // "compile", "riscv64-unknown-elf-gcc", "cm4_qemu.opt", "build/model_interp.c"
  std::string value;  // version, identity, config value, or the content's SHA-256
  bool operator==(const KeyField&) const = default;
};

class CacheKey {
 public:
  CacheKey& format(std::string_view label, int version);
  CacheKey& tool(std::string_view name, std::string_view identity);
  CacheKey& config(std::string_view key, std::string_view value);
  CacheKey& input(std::string_view name, std::string_view content);  // keeps the content's digest
  CacheKey& input_digest(std::string_view name, std::string_view digest);
  const std::vector<KeyField>& fields() const { return fields_; }
  std::string digest() const;  // lower-case hex SHA-256 over all fields in order
  // One field per line, "<kind> <label>=<value>"; parse_text reads it back.
  std::string text() const;
  static std::optional<CacheKey> parse_text(std::string_view text);

 private:
  std::vector<KeyField> fields_;
};

std::string_view field_kind_name(FieldKind kind);

// SHA-256 of bytes, lower-case hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace mlonmcu::cache
