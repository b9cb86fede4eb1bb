// Exact instruction counts between the harness's markers on the host, from valgrind's callgrind.
//
// Method: callgrind is told to write a profile dump on entry to every marker function
// (--dump-before=<marker>) and zeroes its counters after each dump. So every dump ("part")
// holds exactly the instructions executed between two consecutive marker entries, and its
// header names the marker that ended it ("desc: Trigger: --dump-before=<marker>"; the last part
// is "Program termination"). Walking the parts in order gives the same split the QEMU plugin
// makes on the simulated targets:
//   Setup = everything before mlif_mark_setup_done is entered: on the host this includes the
//           dynamic loader and libc start-up, not only the model's init;
//   Run   = per inference, from entry of mlif_mark_run_begin to entry of mlif_mark_run_end,
//           summed over inferences (the caller divides);
//   Total = all parts: the whole process as valgrind sees it, loader and libc exit included;
//   Layer k % num_layers = from entry of the k-th mlonmcu_layer_begin to the next
//           mlonmcu_layer_end, summed over inferences.
// Only the header lines of a dump are read ("events:", "summary:"/"totals:", "desc: Trigger:");
// per-function records are not needed for these figures.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mlonmcu::targets::callgrind {

inline constexpr const char* kSetupMarker = "mlif_mark_setup_done";
inline constexpr const char* kRunBeginMarker = "mlif_mark_run_begin";
inline constexpr const char* kRunEndMarker = "mlif_mark_run_end";
inline constexpr const char* kLayerBeginMarker = "mlonmcu_layer_begin";
inline constexpr const char* kLayerEndMarker = "mlonmcu_layer_end";

// One dump: the instructions counted since the previous dump, ended by entry to `trigger`
// (a marker's function name) or by program termination (trigger empty).
struct Part {
  int64_t index = 0;  // callgrind's "part:" number; dumps are numbered in execution order
  std::string trigger;
  int64_t instructions = 0;
};

// Parses one callgrind output file's header. Throws Error(Target) when the file is missing
// or malformed (no "Ir" event, no summary).
Part read_part(const std::filesystem::path& file);

// Reads every dump callgrind wrote for --callgrind-out-file=<base> (<base>, <base>.1, <base>.2,
// ...), sorted by part number. Throws Error(Target) when there is none.
std::vector<Part> read_parts(const std::filesystem::path& base);

// valgrind options that make callgrind dump at the markers (layer markers only when wanted).
std::vector<std::string> dump_options(bool layers);

struct Counts {
  int64_t total = 0;
  std::optional<int64_t> setup;  // unset when mlif_mark_setup_done was never entered
  std::optional<int64_t> run;    // unset when no inference completed
  int64_t runs = 0;              // completed run_begin..run_end pairs
  int64_t layer_calls = 0;       // mlonmcu_layer_begin entries seen
  std::vector<int64_t> layers;   // num_layers entries when num_layers > 0
};

// Splits the parts at the markers as described above.
Counts split_at_markers(const std::vector<Part>& parts, int32_t num_layers);

}  // namespace mlonmcu::targets::callgrind
