#include "planner/memory_planner.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "planner/exact_search.h"

namespace mlonmcu::planner {

bool lifetimes_overlap(const Buffer& a, const Buffer& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

namespace {

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
bool placed_before(const std::vector<Buffer>& buffers, const std::vector<int32_t>& conflicts,
                   PlacementOrder order, size_t a, size_t b) {
  const Buffer& x = buffers[a];
  const Buffer& y = buffers[b];
  switch (order) {
    case PlacementOrder::LargestFirst:
      if (x.size != y.size) return x.size > y.size;
      if (x.first_use != y.first_use) return x.first_use < y.first_use;
      break;
    case PlacementOrder::MostConflictsFirst:
      if (conflicts[a] != conflicts[b]) return conflicts[a] > conflicts[b];
      if (x.size != y.size) return x.size > y.size;
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
  std::vector<int32_t> conflicts(buffers.size(), 0);
  if (order == PlacementOrder::MostConflictsFirst)
    for (size_t i = 0; i < buffers.size(); ++i)
      for (size_t j = 0; j < buffers.size(); ++j)
        if (i != j && lifetimes_overlap(buffers[i], buffers[j])) ++conflicts[i];
  std::vector<size_t> sequence(buffers.size());
  std::iota(sequence.begin(), sequence.end(), 0);
  std::sort(sequence.begin(), sequence.end(),
            [&](size_t a, size_t b) { return placed_before(buffers, conflicts, order, a, b); });
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

const std::vector<std::string>& algorithm_names() {
  static const std::vector<std::string> names = {"search", "greedy_by_size", "greedy_by_conflicts",
                                                 "linear"};
  return names;
}

Algorithm parse_algorithm(const std::string& name) {
  const auto& names = algorithm_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw Error(ErrorKind::Config, fmt::format("unknown memory planner '{}' (known: {})", name,
                                               fmt::join(names, ", ")));
  constexpr Algorithm kByIndex[] = {Algorithm::Search, Algorithm::GreedyBySize,
                                    Algorithm::GreedyByConflicts, Algorithm::Linear};
  return kByIndex[it - names.begin()];
}

int64_t whole_tensor_lower_bound(const std::vector<Buffer>& buffers, int64_t alignment) {
  // Bytes alive per op: +size where a buffer starts, -size after it ends.
  std::vector<std::pair<int32_t, int64_t>> events;
  for (const Buffer& b : buffers) {
    events.emplace_back(b.first_use, align_up(b.size, alignment));
    events.emplace_back(b.last_use + 1, -align_up(b.size, alignment));
  }
  std::sort(events.begin(), events.end());
  int64_t alive = 0, peak = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    alive += events[i].second;
    if (i + 1 == events.size() || events[i + 1].first != events[i].first) peak = std::max(peak, alive);
  }
  return peak;
}

Plan plan_memory(const std::vector<Buffer>& buffers, Algorithm algorithm, int64_t alignment) {
  if (alignment <= 0) throw Error(ErrorKind::Internal, "memory planner: alignment must be positive");
  for (const Buffer& b : buffers)
    if (b.size < 0 || b.first_use > b.last_use)
      throw Error(ErrorKind::Internal, "memory planner: invalid buffer lifetime or size");
  const int64_t lower_bound = whole_tensor_lower_bound(buffers, alignment);
  Plan plan;
  switch (algorithm) {
    case Algorithm::Linear: plan = plan_linear(buffers, alignment); break;
    case Algorithm::GreedyBySize: plan = place_greedy(buffers, PlacementOrder::LargestFirst, alignment); break;
    case Algorithm::GreedyByConflicts:
      plan = place_greedy(buffers, PlacementOrder::MostConflictsFirst, alignment);
      break;
    case Algorithm::Search: {
      // Every greedy order first (each costs microseconds), the best one bounds the search.
      bool have = false;
      for (PlacementOrder order : kAllPlacementOrders) {
        Plan p = place_greedy(buffers, order, alignment);
        if (!have || p.arena_size < plan.arena_size) plan = std::move(p), have = true;
      }
      plan = search_placement(buffers, alignment, std::move(plan), lower_bound);
      break;
    }
  }
  plan.optimal = plan.optimal || plan.arena_size <= lower_bound;
  return plan;
}

}  // namespace mlonmcu::planner
