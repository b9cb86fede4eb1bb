#include "planner/exact_search.h"

#include <algorithm>

namespace mlonmcu::planner {

namespace {

constexpr int64_t kUnplaced = -1;

class OrderSearch {
 public:
  OrderSearch(const std::vector<Buffer>& buffers, int64_t alignment, Plan best, int64_t lower_bound,
              const SearchLimits& limits)
      : buffers_(buffers),
        alignment_(alignment),
        best_(std::move(best)),
        lower_bound_(lower_bound),
        limits_(limits) {
    const size_t n = buffers.size();
    conflicts_.resize(n);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j)
        if (i != j && buffers[j].size > 0 && lifetimes_overlap(buffers[i], buffers[j]))
          conflicts_[i].push_back(j);
    offsets_.assign(n, kUnplaced);
    // Empty buffers occupy nothing: offset 0, outside the search.
    for (size_t i = 0; i < n; ++i) {
      if (buffers[i].size == 0)
        offsets_[i] = 0;
      else
        unplaced_.push_back(i);
    }
  }

  Plan run() {
    if (best_.arena_size > lower_bound_) dfs(0, -1, 0);
    best_.optimal = !aborted_ || best_.arena_size <= lower_bound_;
    return best_;
  }

 private:
  // Lowest aligned offset where buffer i collides with no placed buffer alive with it.
  int64_t first_fit(size_t i) {
    busy_.clear();
    for (size_t j : conflicts_[i])
      if (offsets_[j] != kUnplaced) busy_.emplace_back(offsets_[j], offsets_[j] + buffers_[j].size);
    std::sort(busy_.begin(), busy_.end());
    int64_t candidate = 0;
    for (const auto& [begin, end] : busy_) {
      if (candidate + buffers_[i].size <= begin) break;
      candidate = std::max(candidate, align_up(end, alignment_));
    }
    return candidate;
  }

  void dfs(int64_t floor, int64_t last_index, int64_t peak) {
    if (unplaced_.empty()) {
      if (peak < best_.arena_size) {
        best_.arena_size = peak;
        best_.offsets = offsets_;
      }
      return;
    }
    if (++nodes_ > limits_.max_nodes) {
      aborted_ = true;
      return;
    }
    struct Candidate {
      int64_t offset;
      size_t index;
    };
    std::vector<Candidate> next;
    int64_t bound = peak;
    for (size_t i : unplaced_) {
      const int64_t offset = first_fit(i);
      bound = std::max(bound, align_up(std::max(offset, floor) + buffers_[i].size, alignment_));
      if (offset > floor || (offset == floor && static_cast<int64_t>(i) > last_index))
        next.push_back({offset, i});
    }
    if (bound >= best_.arena_size) return;
    std::sort(next.begin(), next.end(), [&](const Candidate& a, const Candidate& b) {
      if (a.offset != b.offset) return a.offset < b.offset;
      if (buffers_[a.index].size != buffers_[b.index].size)
        return buffers_[a.index].size > buffers_[b.index].size;
      return a.index < b.index;
    });
    for (const Candidate& c : next) {
      const auto it = std::find(unplaced_.begin(), unplaced_.end(), c.index);
      unplaced_.erase(it);
      offsets_[c.index] = c.offset;
      dfs(c.offset, static_cast<int64_t>(c.index),
          std::max(peak, align_up(c.offset + buffers_[c.index].size, alignment_)));
      offsets_[c.index] = kUnplaced;
      unplaced_.insert(std::upper_bound(unplaced_.begin(), unplaced_.end(), c.index), c.index);
      if (aborted_ || best_.arena_size <= lower_bound_) return;
    }
  }

  const std::vector<Buffer>& buffers_;
  const int64_t alignment_;
  Plan best_;
  const int64_t lower_bound_;
  const SearchLimits limits_;
  std::vector<std::vector<size_t>> conflicts_;
  std::vector<int64_t> offsets_;
  std::vector<size_t> unplaced_;  // ascending
  std::vector<std::pair<int64_t, int64_t>> busy_;
  int64_t nodes_ = 0;
  bool aborted_ = false;
};

}  // namespace

Plan search_placement(const std::vector<Buffer>& buffers, int64_t alignment, Plan start,
                      int64_t lower_bound, const SearchLimits& limits) {
  return OrderSearch(buffers, alignment, std::move(start), lower_bound, limits).run();
}

}  // namespace mlonmcu::planner
