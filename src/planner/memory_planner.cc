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

Plan plan_greedy_by_size(const std::vector<Buffer>& buffers, int64_t alignment) {
  Plan plan;
  plan.offsets.assign(buffers.size(), 0);
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest first; ties by earlier first use, then index, so plans are deterministic.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (buffers[a].size != buffers[b].size) return buffers[a].size > buffers[b].size;
    return buffers[a].first_use < buffers[b].first_use;
  });
  std::vector<size_t> placed;
  for (size_t idx : order) {
    const Buffer& buf = buffers[idx];
    // Collect address ranges of placed buffers alive at the same time, sorted by offset,
    // and take the first gap that fits.
    std::vector<std::pair<int64_t, int64_t>> busy;
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

}  // namespace

Algorithm parse_algorithm(const std::string& name) {
  if (name == "greedy_by_size") return Algorithm::GreedyBySize;
  if (name == "linear") return Algorithm::Linear;
  throw Error(ErrorKind::Config,
              "unknown memory planner '" + name + "' (known: greedy_by_size, linear)");
}

Plan plan_memory(const std::vector<Buffer>& buffers, Algorithm algorithm, int64_t alignment) {
  for (const Buffer& b : buffers)
    if (b.size < 0 || b.first_use > b.last_use)
      throw Error(ErrorKind::Internal, "memory planner: invalid buffer lifetime or size");
  return algorithm == Algorithm::Linear ? plan_linear(buffers, alignment)
                                        : plan_greedy_by_size(buffers, alignment);
}

}  // namespace mlonmcu::planner
