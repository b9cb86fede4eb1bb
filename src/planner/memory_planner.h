// Static memory planning: every intermediate tensor gets an offset in one arena, computed at
// build time from its size and lifetime (first and last op that touches it). Two tensors may
// share bytes when their lifetimes do not overlap.
//
// Algorithms:
//  - greedy_by_size (default): place buffers largest first, each at the lowest offset that does
//    not collide with an already placed buffer alive at the same time (as TFLite-Micro's
//    GreedyMemoryPlanner does).
//  - linear: no reuse, buffers one after another (a baseline, and a debugging aid).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mlonmcu::planner {

struct Buffer {
  int64_t size = 0;
  int32_t first_use = 0;  // op index that writes it first (or 0 for graph inputs)
  int32_t last_use = 0;   // op index that reads it last (or the last op for graph outputs)
};

struct Plan {
  std::vector<int64_t> offsets;  // per buffer, aligned
  int64_t arena_size = 0;        // peak, a multiple of the alignment
};

enum class Algorithm { GreedyBySize, Linear };

Algorithm parse_algorithm(const std::string& name);  // throws Config for an unknown name

Plan plan_memory(const std::vector<Buffer>& buffers, Algorithm algorithm, int64_t alignment = 16);

}  // namespace mlonmcu::planner
