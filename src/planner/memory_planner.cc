#include "planner/memory_planner.h"

#include <algorithm>
#include <numeric>

#include "common/error.h"

namespace mlonmcu::planner {

namespace {

int64_t align_up(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

bool lifetimes_overlap(const Buffer& a, const Buffer& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

int64_t lifetime(const Buffer& b) { return int64_t{b.last_use} - b.first_use + 1; }

Plan plan_linear(const std::vector<Buffer>& buffers, int64_t alignment) {
  Plan plan;
  plan.offsets.resize(buffers.size());
  int64_t offset = 0;
  for (size_t i = 0; i < buffers.size(); ++i) {
    plan.offsets[i] = offset;
    offset = align_up(offset + buffers[i].size, alignment);
  }
  plan.arena_size = offset;
  return plan;
}

// Strict weak order of one placement order; every order ends with the buffer index so plans
// are deterministic.
bool placed_before(const std::vector<Buffer>& buffers, PlacementOrder order, size_t a, size_t b) {
  const Buffer& x = buffers[a];
  const Buffer& y = buffers[b];
  switch (order) {
    case PlacementOrder::LargestFirst:
      if (x.size != y.size) return x.size > y.size;
      if (x.first_use != y.first_use) return x.first_use < y.first_use;
      break;
    case PlacementOrder::EarliestFirst:
      if (x.first_use != y.first_use) return x.first_use < y.first_use;
      if (x.size != y.size) return x.size > y.size;
      break;
    case PlacementOrder::LongestLivedFirst:
      if (lifetime(x) != lifetime(y)) return lifetime(x) > lifetime(y);
      if (x.size != y.size) return x.size > y.size;
      break;
    case PlacementOrder::LargestAreaFirst: {
      const int64_t ax = x.size * lifetime(x), ay = y.size * lifetime(y);
      if (ax != ay) return ax > ay;
      if (x.size != y.size) return x.size > y.size;
      break;
    }
  }
  return a < b;
}

}  // namespace

Plan place_greedy(const std::vector<Buffer>& buffers, PlacementOrder order, int64_t alignment) {
  Plan plan;
  plan.offsets.assign(buffers.size(), 0);
  std::vector<size_t> sequence(buffers.size());
  std::iota(sequence.begin(), sequence.end(), 0);
  std::sort(sequence.begin(), sequence.end(),
            [&](size_t a, size_t b) { return placed_before(buffers, order, a, b); });
  std::vector<size_t> placed;
  std::vector<std::pair<int64_t, int64_t>> busy;
  for (size_t idx : sequence) {
    const Buffer& buf = buffers[idx];
    // Address ranges of placed buffers alive at the same time, sorted by offset; the first gap
    // that fits wins.
    busy.clear();
    for (size_t p : placed)
      if (lifetimes_overlap(buf, buffers[p]) && buffers[p].size > 0)
        busy.emplace_back(plan.offsets[p], plan.offsets[p] + buffers[p].size);
    std::sort(busy.begin(), busy.end());
    int64_t candidate = 0;
    for (const auto& [begin, end] : busy) {
      if (candidate + buf.size <= begin) break;
      candidate = std::max(candidate, align_up(end, alignment));
    }
    plan.offsets[idx] = candidate;
    plan.arena_size = std::max(plan.arena_size, align_up(candidate + buf.size, alignment));
    placed.push_back(idx);
  }
  return plan;
}

Algorithm parse_algorithm(const std::string& name) {
  if (name == "greedy_by_size") return Algorithm::GreedyBySize;
  if (name == "linear") return Algorithm::Linear;
  throw Error(ErrorKind::Config,
              "unknown memory planner '" + name + "' (known: greedy_by_size, linear)");
}

Plan plan_memory(const std::vector<Buffer>& buffers, Algorithm algorithm, int64_t alignment) {
  if (alignment <= 0) throw Error(ErrorKind::Internal, "memory planner: alignment must be positive");
  for (const Buffer& b : buffers)
    if (b.size < 0 || b.first_use > b.last_use)
      throw Error(ErrorKind::Internal, "memory planner: invalid buffer lifetime or size");
  if (algorithm == Algorithm::Linear) return plan_linear(buffers, alignment);
  // The plan is computed once at build time, so trying every order costs only milliseconds.
  Plan best;
  bool have_best = false;
  for (PlacementOrder order : kAllPlacementOrders) {
    Plan plan = place_greedy(buffers, order, alignment);
    if (!have_best || plan.arena_size < best.arena_size) best = std::move(plan), have_best = true;
  }
  return best;
}

}  // namespace mlonmcu::planner
