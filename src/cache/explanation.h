// Why a task ran or why it did not (`--explain`, and every run's log), in the manner of ninja's
// dirty-reason explanations: each cache miss names its cause.
#pragma once

#include <string>
#include <vector>

#include "cache/cache_key.h"

namespace mlonmcu::cache {

enum class Why {
  NoEntry,        // nothing cached for this task yet
  InputChanged,   // a file it reads has other content
  ConfigChanged,  // a config value it reads changed (or was added/removed)
  ToolChanged,    // a compiler/simulator (or MLonMCU itself) was replaced
  FormatChanged,  // the entry format of this kind of task changed
  EntryCorrupt,   // an entry exists but fails its checks; rebuilt
  NotCached,      // this kind of task is never cached (cheaper to redo)
  Reused,         // taken from the environment's cache
  ReusedFromLog,  // done earlier in this session (resume)
  NotNeeded,      // every task that uses its output is done (resume)
};

struct Explanation {
  Why why = Why::NoEntry;
  std::string detail;
  bool reused() const { return why == Why::Reused || why == Why::ReusedFromLog || why == Why::NotNeeded; }
  std::string text() const;  // "ran: config changed: cm4_qemu.opt O2 -> Os"
};

std::string_view why_name(Why why);

// The most important difference between an earlier key of a task and the current one:
// format before tools before config before inputs.
Explanation explain_difference(const std::vector<KeyField>& previous, const std::vector<KeyField>& current);

}  // namespace mlonmcu::cache
