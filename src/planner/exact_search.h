// Branch-and-bound over placement orders, for the `search` memory planner.
//
// Why orders suffice: take any valid placement and let every buffer drop to the lowest offset it
// can reach; then run first fit in the order of the resulting offsets. Each buffer finds its
// offset in that placement free (everything placed before it and alive with it lies entirely
// below), so first fit puts it there or lower, and the peak never grows. Repeating this ends
// in a placement that first fit reproduces in an order where offsets never decrease. So the
// search only extends an order with a buffer whose first-fit offset is at least the previous
// one's (among equal offsets: in index order, as such buffers are never alive together), which
// prunes most orders, and bounds each branch from below by the peak so far and by every
// unplaced buffer's first-fit offset plus its size (offsets only rise as buffers are added).
// With enough budget the result is optimal; the budget keeps large graphs fast.
#pragma once

#include <cstdint>
#include <vector>

#include "planner/memory_planner.h"

namespace mlonmcu::planner {

struct SearchLimits {
  int64_t max_nodes = 200000;  // placements tried; ~1 s for 60 buffers
};

// Improves on `start` (a valid plan) and returns the best plan found; Plan::optimal is set when
// the search completed or reached lower_bound.
Plan search_placement(const std::vector<Buffer>& buffers, int64_t alignment, Plan start,
                      int64_t lower_bound, const SearchLimits& limits = {});

}  // namespace mlonmcu::planner
