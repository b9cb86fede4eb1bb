// Static memory planning: every intermediate buffer gets an offset in one workspace, computed
// at build time from its size and lifetime (first and last op that touches it). Two buffers
// may share bytes when their lifetimes do not overlap.
//
// Every placement is "first fit in some order": buffers are taken one at a time and each goes
// to the lowest aligned offset where it collides with no placed buffer alive at the same time.
// Algorithms differ in the order:
//  - greedy_by_size: largest first (TFLite-Micro's GreedyMemoryPlanner, microTVM's USMP
//    greedy_by_size);
//  - greedy_by_conflicts: the buffer alive together with the most others first (USMP's
//    greedy_by_conflicts), then larger first;
//  - search: the best of several greedy orders, then a branch-and-bound over orders
//    (planner/exact_search.h) that proves the optimum for small graphs and keeps the best plan
//    found within its budget for large ones;
//  - linear: no reuse, buffers one after another (a baseline, and a debugging aid).
//
// Which tensors may share one buffer at all (views, in-place ops, fused ops) is decided one
// level up, in planner/tensor_sharing.h.
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
  bool optimal = false;          // proven: equals the lower bound, or the search completed
};

enum class Algorithm { Search, GreedyBySize, GreedyByConflicts, Linear };

// Config spellings, default first: the one list the backends' config choices come from.
const std::vector<std::string>& algorithm_names();
Algorithm parse_algorithm(const std::string& name);  // throws Config for an unknown name

Plan plan_memory(const std::vector<Buffer>& buffers, Algorithm algorithm, int64_t alignment = 16);

// No placement can be smaller: the most bytes (each buffer rounded up to the alignment) alive
// during any one op.
int64_t whole_tensor_lower_bound(const std::vector<Buffer>& buffers, int64_t alignment = 16);

// The orders first fit is run in.
enum class PlacementOrder {
  LargestFirst,      // size descending, then earlier first use (TFLite-Micro)
  MostConflictsFirst,// number of buffers alive at the same time descending, then size
  EarliestFirst,     // first use ascending, then size descending
  LongestLivedFirst, // lifetime (ops) descending, then size descending
  LargestAreaFirst,  // size x lifetime descending
};
inline constexpr PlacementOrder kAllPlacementOrders[] = {
    PlacementOrder::LargestFirst, PlacementOrder::MostConflictsFirst,
    PlacementOrder::EarliestFirst, PlacementOrder::LongestLivedFirst,
    PlacementOrder::LargestAreaFirst};

// One first-fit placement in the given order.
Plan place_greedy(const std::vector<Buffer>& buffers, PlacementOrder order, int64_t alignment = 16);

bool lifetimes_overlap(const Buffer& a, const Buffer& b);
inline int64_t align_up(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

}  // namespace mlonmcu::planner
