#include "planner/tensor_sharing.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"

namespace mlonmcu::planner {

namespace {

// Tensors merged into shared buffers (union-find); each root knows its buffer's size and the
// union of its members' lifetimes.
class SharedBuffers {
 public:
  explicit SharedBuffers(const std::vector<TensorLife>& tensors) : tensors_(tensors) {
    const size_t n = tensors.size();
    parent_.resize(n);
    first_.resize(n);
    last_.resize(n);
    size_.resize(n);
    for (size_t t = 0; t < n; ++t) {
      parent_[t] = static_cast<int32_t>(t);
      first_[t] = tensors[t].first_use, last_[t] = tensors[t].last_use, size_[t] = tensors[t].size;
    }
  }

  int32_t find(int32_t t) {
    while (parent_[static_cast<size_t>(t)] != t) {
      auto& p = parent_[static_cast<size_t>(t)];
      p = parent_[static_cast<size_t>(p)];
      t = p;
    }
    return t;
  }

  void merge(int32_t a, int32_t b) {
    a = find(a), b = find(b);
    if (a == b) return;
    const auto ua = static_cast<size_t>(a), ub = static_cast<size_t>(b);
    parent_[ub] = a;
    first_[ua] = std::min(first_[ua], first_[ub]);
    last_[ua] = std::max(last_[ua], last_[ub]);
    size_[ua] = std::max(size_[ua], size_[ub]);
  }

  // The output may take the input's buffer at op `op`: both in the arena with equal sizes, the
  // input's whole buffer dead after this op and the output's buffer not alive before it.
  bool can_overwrite(int32_t input, int32_t output, int32_t op) {
    const TensorLife& in = tensors_[static_cast<size_t>(input)];
    const TensorLife& out = tensors_[static_cast<size_t>(output)];
    if (!in.in_arena() || !out.in_arena() || in.size != out.size) return false;
    const int32_t gi = find(input), go = find(output);
    return gi != go && last(gi) == op && first(go) == op;
  }

  int32_t first(int32_t root) const { return first_[static_cast<size_t>(root)]; }
  int32_t last(int32_t root) const { return last_[static_cast<size_t>(root)]; }
  int64_t size(int32_t root) const { return size_[static_cast<size_t>(root)]; }

 private:
  const std::vector<TensorLife>& tensors_;
  std::vector<int32_t> parent_, first_, last_;
  std::vector<int64_t> size_;
};

// Per in-place hint: which candidate to overwrite. Non-negative: only that candidate slot.
constexpr int32_t kNone = -1;
constexpr int32_t kFirstEligible = -2;
constexpr int32_t kLastEligible = -3;

void check_hints(const std::vector<TensorLife>& tensors, const std::vector<SharingHint>& hints) {
  const auto bad_index = [&](int32_t t) {
    return t < 0 || static_cast<size_t>(t) >= tensors.size();
  };
  for (const TensorLife& t : tensors)
    if (t.size < 0 || (t.in_arena() && t.first_use > t.last_use))
      throw Error(ErrorKind::Internal, "memory planner: invalid tensor lifetime or size");
  for (const SharingHint& h : hints) {
    bool bad = bad_index(h.output) || h.inputs.empty() ||
               (h.kind == SharingHint::Kind::View && h.inputs.size() != 1);
    for (int32_t t : h.inputs) bad = bad || bad_index(t);
    if (bad)
      throw Error(ErrorKind::Internal,
                  fmt::format("memory planner: bad sharing hint at op {}", h.op));
  }
}

// Tensors merged into buffers under one set of in-place choices, not placed yet.
struct MergedBuffers {
  std::vector<int32_t> buffer_of;  // per tensor; -1 when not in the arena
  std::vector<Buffer> buffers;
  int64_t lower_bound = 0;
};

MergedBuffers merge_with_choices(const std::vector<TensorLife>& tensors,
                                 const std::vector<SharingHint>& hints,
                                 const SharingOptions& options,
                                 const std::vector<const SharingHint*>& in_place,
                                 const std::vector<int32_t>& choice) {
  SharedBuffers shared(tensors);
  if (options.views)
    for (const SharingHint& h : hints) {
      const TensorLife& in = tensors[static_cast<size_t>(h.inputs[0])];
      const TensorLife& out = tensors[static_cast<size_t>(h.output)];
      const bool same_bytes = in.in_arena() && out.in_arena() && in.size == out.size;
      if (h.kind == SharingHint::Kind::View && same_bytes) shared.merge(h.inputs[0], h.output);
    }
  // In op order, so a later decision sees the lifetimes earlier merges produced.
  for (size_t k = 0; k < in_place.size(); ++k) {
    const SharingHint& h = *in_place[k];
    const int32_t c = choice[k];
    const auto n = static_cast<int32_t>(h.inputs.size());
    int32_t chosen = -1;
    if (c >= 0) {
      if (c < n && shared.can_overwrite(h.inputs[static_cast<size_t>(c)], h.output, h.op))
        chosen = c;
    } else if (c == kFirstEligible) {
      for (int32_t j = 0; j < n && chosen < 0; ++j)
        if (shared.can_overwrite(h.inputs[static_cast<size_t>(j)], h.output, h.op)) chosen = j;
    } else if (c == kLastEligible) {
      for (int32_t j = n - 1; j >= 0 && chosen < 0; --j)
        if (shared.can_overwrite(h.inputs[static_cast<size_t>(j)], h.output, h.op)) chosen = j;
    }
    if (chosen >= 0) shared.merge(h.inputs[static_cast<size_t>(chosen)], h.output);
  }

  MergedBuffers merged;
  merged.buffer_of.assign(tensors.size(), -1);
  std::vector<int32_t> buffer_of_root(tensors.size(), -1);
  for (size_t t = 0; t < tensors.size(); ++t) {
    if (!tensors[t].in_arena()) continue;
    const int32_t root = shared.find(static_cast<int32_t>(t));
    int32_t& b = buffer_of_root[static_cast<size_t>(root)];
    if (b < 0) {
      b = static_cast<int32_t>(merged.buffers.size());
      merged.buffers.push_back({shared.size(root), shared.first(root), shared.last(root)});
    }
    merged.buffer_of[t] = b;
  }
  merged.lower_bound = whole_tensor_lower_bound(merged.buffers, options.alignment);
  return merged;
}

TensorPlan place(const MergedBuffers& merged, Algorithm algorithm, int64_t alignment) {
  const Plan placed = plan_memory(merged.buffers, algorithm, alignment);
  TensorPlan result;
  result.buffer_of = merged.buffer_of;
  result.offsets.assign(merged.buffer_of.size(), -1);
  for (size_t t = 0; t < merged.buffer_of.size(); ++t)
    if (merged.buffer_of[t] >= 0)
      result.offsets[t] = placed.offsets[static_cast<size_t>(merged.buffer_of[t])];
  result.arena_size = placed.arena_size;
  result.num_buffers = static_cast<int32_t>(merged.buffers.size());
  result.lower_bound = merged.lower_bound;
  result.optimal = placed.optimal;
  return result;
}

}  // namespace

TensorPlan plan_tensors(const std::vector<TensorLife>& tensors,
                        const std::vector<SharingHint>& hints, const SharingOptions& options) {
  check_hints(tensors, hints);
  std::vector<const SharingHint*> in_place;
  if (options.in_place)
    for (const SharingHint& h : hints)
      if (h.kind == SharingHint::Kind::InPlace) in_place.push_back(&h);
  std::stable_sort(in_place.begin(), in_place.end(),
                   [](const SharingHint* a, const SharingHint* b) { return a->op < b->op; });

  // Choices to plan: greedy ones always; every combination when there are few.
  std::vector<std::vector<int32_t>> choices = {
      std::vector<int32_t>(in_place.size(), kFirstEligible),
      std::vector<int32_t>(in_place.size(), kLastEligible),
  };
  constexpr int64_t kMaxCombinations = 64;
  int64_t combinations = 1;
  for (const SharingHint* h : in_place) {
    combinations *= static_cast<int64_t>(h->inputs.size()) + 1;
    if (combinations > kMaxCombinations) break;
  }
  if (combinations <= kMaxCombinations && !in_place.empty()) {
    std::vector<int32_t> choice(in_place.size(), kNone);
    for (int64_t c = 0; c < combinations; ++c) {
      int64_t rest = c;
      for (size_t k = 0; k < in_place.size(); ++k) {
        const int64_t options_here = static_cast<int64_t>(in_place[k]->inputs.size()) + 1;
        choice[k] = static_cast<int32_t>(rest % options_here) - 1;  // -1 = kNone
        rest /= options_here;
      }
      choices.push_back(choice);
    }
  } else {
    choices.push_back(std::vector<int32_t>(in_place.size(), kNone));
  }

  std::vector<MergedBuffers> candidates;
  for (const auto& choice : choices)
    candidates.push_back(merge_with_choices(tensors, hints, options, in_place, choice));
  if (options.algorithm != Algorithm::Search) {
    TensorPlan best;
    for (size_t i = 0; i < candidates.size(); ++i) {
      TensorPlan plan = place(candidates[i], options.algorithm, options.alignment);
      if (i == 0 || plan.arena_size < best.arena_size) best = std::move(plan);
    }
    return best;
  }
  // The cheap greedy plan of every choice first; then the search, most promising choice
  // first, while a choice's lower bound leaves room to beat the best plan.
  TensorPlan best;
  for (size_t i = 0; i < candidates.size(); ++i) {
    TensorPlan plan = place(candidates[i], Algorithm::GreedyBySize, options.alignment);
    if (i == 0 || plan.arena_size < best.arena_size) best = std::move(plan);
  }
  std::vector<size_t> by_bound(candidates.size());
  for (size_t i = 0; i < by_bound.size(); ++i) by_bound[i] = i;
  std::stable_sort(by_bound.begin(), by_bound.end(), [&](size_t a, size_t b) {
    return candidates[a].lower_bound < candidates[b].lower_bound;
  });
  for (size_t i : by_bound) {
    if (candidates[i].lower_bound >= best.arena_size) break;
    TensorPlan plan = place(candidates[i], Algorithm::Search, options.alignment);
    if (plan.arena_size < best.arena_size) best = std::move(plan);
  }
  best.optimal = best.arena_size <= best.lower_bound || best.optimal;
  return best;
}

}  // namespace mlonmcu::planner
