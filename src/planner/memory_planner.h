// Static memory planning: every intermediate buffer gets an offset in one arena, computed at
// build time from its size and lifetime (first and last op that touches it). Two buffers may
// share bytes when their lifetimes do not overlap.
//
// Algorithms:
//  - greedy_by_size (default): place buffers one at a time, each at the lowest offset that does
//    not collide with an already placed buffer alive at the same time. The first order tried is
//    TFLite-Micro's GreedyMemoryPlanner order (largest first); a few other orders are tried too
//    and the smallest arena wins, so the result is never larger than TFLite-Micro's order gives.
//  - linear: no reuse, buffers one after another (a baseline, and a debugging aid).
//
// Which tensors may share one buffer at all (views, in-place ops) is decided one level up, in
// planner/tensor_sharing.h.
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

// The orders greedy_by_size tries (first fit on addresses in each).
enum class PlacementOrder {
  LargestFirst,      // TFLite-Micro: size descending, then earlier first use
  EarliestFirst,     // first use ascending, then size descending
  LongestLivedFirst, // lifetime (ops) descending, then size descending
  LargestAreaFirst,  // size x lifetime descending
};
inline constexpr PlacementOrder kAllPlacementOrders[] = {
    PlacementOrder::LargestFirst, PlacementOrder::EarliestFirst,
    PlacementOrder::LongestLivedFirst, PlacementOrder::LargestAreaFirst};

// One greedy placement in the given order (plan_memory takes the best of all orders).
Plan place_greedy(const std::vector<Buffer>& buffers, PlacementOrder order, int64_t alignment = 16);

}  // namespace mlonmcu::planner
