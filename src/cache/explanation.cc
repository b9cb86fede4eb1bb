#include "cache/explanation.h"

#include <map>
#include <utility>

#include <fmt/format.h>

namespace mlonmcu::cache {

std::string_view why_name(Why why) {
  switch (why) {
    case Why::NoEntry: return "no cache entry";
    case Why::InputChanged: return "input changed";
    case Why::ConfigChanged: return "config changed";
    case Why::ToolChanged: return "tool changed";
    case Why::FormatChanged: return "format changed";
    case Why::EntryCorrupt: return "cache entry corrupt, rebuilt";
    case Why::NotCached: return "not cached";
    case Why::Reused: return "cache entry";
    case Why::ReusedFromLog: return "done earlier in this session";
    case Why::NotNeeded: return "not needed";
  }
  return "?";
}

std::string Explanation::text() const {
  const char* verb = why == Why::NotNeeded ? "skipped" : (reused() ? "reused" : "ran");
  return detail.empty() ? fmt::format("{}: {}", verb, why_name(why))
                        : fmt::format("{}: {}: {}", verb, why_name(why), detail);
}

namespace {

Why why_of(FieldKind kind) {
  switch (kind) {
    case FieldKind::Format: return Why::FormatChanged;
    case FieldKind::Tool: return Why::ToolChanged;
    case FieldKind::Config: return Why::ConfigChanged;
    case FieldKind::Input: return Why::InputChanged;
  }
  return Why::InputChanged;
}

}  // namespace

Explanation explain_difference(const std::vector<KeyField>& previous, const std::vector<KeyField>& current) {
  using Id = std::pair<FieldKind, std::string>;
  std::map<Id, std::string> before, after;
  for (const auto& f : previous) before[{f.kind, f.label}] = f.value;
  for (const auto& f : current) after[{f.kind, f.label}] = f.value;
  for (FieldKind kind : {FieldKind::Format, FieldKind::Tool, FieldKind::Config, FieldKind::Input}) {
    for (const auto& [id, value] : after) {
      if (id.first != kind) continue;
      const auto old = before.find(id);
      if (old != before.end() && old->second == value) continue;
      if (kind == FieldKind::Config || kind == FieldKind::Format) {
        const std::string was = old == before.end() ? "(default)" : old->second;
        return {why_of(kind), fmt::format("{} {} -> {}", id.second, was, value)};
      }
      return {why_of(kind), old == before.end() ? id.second + " (new)" : id.second};
    }
    for (const auto& [id, value] : before) {
      if (id.first == kind && after.count(id) == 0) return {why_of(kind), id.second + " (no longer used)"};
    }
  }
  return {Why::NoEntry, "entry removed"};
}

}  // namespace mlonmcu::cache
