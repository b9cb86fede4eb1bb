#include "planner/memory_planner.h"

#include <gtest/gtest.h>

#include <functional>

#include "common/error.h"

namespace mlonmcu::planner {
namespace {

bool overlap_in_time(const Buffer& a, const Buffer& b) {
  return a.first_use <= b.last_use && b.first_use <= a.last_use;
}

// No two buffers alive at the same time may share a byte; all lie inside the arena.
void expect_valid(const std::vector<Buffer>& buffers, const Plan& plan, int64_t alignment) {
  ASSERT_EQ(plan.offsets.size(), buffers.size());
  for (size_t i = 0; i < buffers.size(); ++i) {
    EXPECT_EQ(plan.offsets[i] % alignment, 0);
    EXPECT_LE(plan.offsets[i] + buffers[i].size, plan.arena_size);
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      if (!overlap_in_time(buffers[i], buffers[j])) continue;
      const bool disjoint = plan.offsets[i] + buffers[i].size <= plan.offsets[j] ||
                            plan.offsets[j] + buffers[j].size <= plan.offsets[i];
      EXPECT_TRUE(disjoint) << "buffers " << i << " and " << j;
    }
  }
}

TEST(MemoryPlanner, ChainReusesMemory) {
  // A chain a -> b -> c -> d: each op reads one buffer and writes the next, so at most two are
  // alive at once; the peak is the largest adjacent pair (100 + 60 rounded to 16 = 112 + 64).
  std::vector<Buffer> chain = {{100, 0, 0}, {60, 0, 1}, {30, 1, 2}, {10, 2, 3}};
  const Plan plan = plan_memory(chain, Algorithm::GreedyBySize, 16);
  expect_valid(chain, plan, 16);
  EXPECT_EQ(plan.arena_size, 112 + 64);
}

TEST(MemoryPlanner, LinearPlacesEverythingApart) {
  std::vector<Buffer> chain = {{100, 0, 0}, {60, 0, 1}, {30, 1, 2}, {10, 2, 3}};
  const Plan plan = plan_memory(chain, Algorithm::Linear, 16);
  expect_valid(chain, plan, 16);
  EXPECT_EQ(plan.arena_size, 112 + 64 + 32 + 16);
}

TEST(MemoryPlanner, ResidualKeepsSkipBufferAlive) {
  // x (op0..op2) is needed by the add at op 2 while y and z are produced in between.
  std::vector<Buffer> residual = {{64, 0, 2}, {64, 0, 1}, {64, 1, 2}, {64, 2, 3}};
  const Plan plan = plan_memory(residual, Algorithm::GreedyBySize, 16);
  expect_valid(residual, plan, 16);
  EXPECT_EQ(plan.arena_size, 3 * 64);  // x, y and z are alive together at op 1
}

TEST(MemoryPlanner, ManyRandomBuffersStayValid) {
  std::vector<Buffer> buffers;
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (int i = 0; i < 200; ++i) {
    const int32_t first = static_cast<int32_t>(next() % 50);
    buffers.push_back({static_cast<int64_t>(next() % 5000), first, first + static_cast<int32_t>(next() % 10)});
  }
  const Plan greedy = plan_memory(buffers, Algorithm::GreedyBySize, 16);
  const Plan linear = plan_memory(buffers, Algorithm::Linear, 16);
  expect_valid(buffers, greedy, 16);
  expect_valid(buffers, linear, 16);
  EXPECT_LT(greedy.arena_size, linear.arena_size);
}

TEST(MemoryPlanner, TriesOtherOrdersWhenLargestFirstFragments) {
  // Units of 16 bytes. A 4u at op 2, B 3u at ops 3..5, C 2u at 3..4, D 2u at 1..3.
  // Largest first: A@0, B@0, then D must avoid A and B (@4), and C avoids B and D (@6): 8u.
  // Earliest first: D@0, A@2, B@2, C@5: 7u, which is also the most alive at once (op 3: B+C+D).
  const std::vector<Buffer> buffers = {{64, 2, 2}, {48, 3, 5}, {32, 3, 4}, {32, 1, 3}};
  const Plan tflm = place_greedy(buffers, PlacementOrder::LargestFirst, 16);
  expect_valid(buffers, tflm, 16);
  EXPECT_EQ(tflm.arena_size, 8 * 16);
  const Plan earliest = place_greedy(buffers, PlacementOrder::EarliestFirst, 16);
  expect_valid(buffers, earliest, 16);
  EXPECT_EQ(earliest.arena_size, 7 * 16);
  const Plan best = plan_memory(buffers, Algorithm::Search, 16);
  expect_valid(buffers, best, 16);
  EXPECT_EQ(best.arena_size, 7 * 16);
  EXPECT_TRUE(best.optimal);
}

TEST(MemoryPlanner, SearchNeverWorseThanAnyOrder) {
  uint32_t seed = 777;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (int round = 0; round < 20; ++round) {
    std::vector<Buffer> buffers;
    for (int i = 0; i < 30; ++i) {
      const int32_t first = static_cast<int32_t>(next() % 20);
      buffers.push_back({static_cast<int64_t>(next() % 3000), first, first + static_cast<int32_t>(next() % 6)});
    }
    const Plan best = plan_memory(buffers, Algorithm::Search, 16);
    expect_valid(buffers, best, 16);
    EXPECT_GE(best.arena_size, whole_tensor_lower_bound(buffers, 16));
    for (PlacementOrder order : kAllPlacementOrders) {
      const Plan one = place_greedy(buffers, order, 16);
      expect_valid(buffers, one, 16);
      EXPECT_LE(best.arena_size, one.arena_size);
    }
  }
}

TEST(MemoryPlanner, ByConflictsPlacesTheMostEntangledBufferFirst) {
  // The buffers of TriesOtherOrdersWhenLargestFirstFragments: D (1..3) is alive with A, B and C,
  // B and C with two others each, A with one. D@0, B@2, C@5 (avoids B and D), A@2 (only D is
  // alive at op 2): 7 units, where largest first needs 8.
  const std::vector<Buffer> buffers = {{64, 2, 2}, {48, 3, 5}, {32, 3, 4}, {32, 1, 3}};
  const Plan plan = plan_memory(buffers, Algorithm::GreedyByConflicts, 16);
  expect_valid(buffers, plan, 16);
  EXPECT_EQ(plan.offsets, (std::vector<int64_t>{32, 32, 80, 0}));
  EXPECT_EQ(plan.arena_size, 7 * 16);
}

TEST(MemoryPlanner, LowerBoundIsTheMostBytesAliveAtOnce) {
  // Op 3 holds B, C and D: 3 + 2 + 2 units.
  EXPECT_EQ(whole_tensor_lower_bound({{64, 2, 2}, {48, 3, 5}, {32, 3, 4}, {32, 1, 3}}, 16), 7 * 16);
  // Each buffer counts rounded up to the alignment: 100 -> 112, 20 -> 32.
  EXPECT_EQ(whole_tensor_lower_bound({{100, 0, 1}, {20, 1, 2}}, 16), 112 + 32);
  EXPECT_EQ(whole_tensor_lower_bound({{100, 0, 1}, {20, 2, 3}}, 16), 112);
  EXPECT_EQ(whole_tensor_lower_bound({}, 16), 0);
}

TEST(MemoryPlanner, SearchFindsTheOptimumEveryGreedyOrderMisses) {
  // Units of 16 bytes: A 4u at op 2, B 3u at 1..3, C 2u at 2..4, D 1u at 3..5, E 4u at op 4,
  // F 3u at 3..4. Op 4 holds C + D + E + F = 10u, the lower bound, and 10u fit: C@0, D@2, F@3,
  // E@6, B@6 (avoids C, D, F), A@2 (avoids B and C; D and F start later). Every greedy order
  // puts some buffer where it later blocks this packing.
  const std::vector<Buffer> buffers = {{64, 2, 2}, {48, 1, 3}, {32, 2, 4},
                                       {16, 3, 5}, {64, 4, 4}, {48, 3, 4}};
  for (PlacementOrder order : kAllPlacementOrders)
    EXPECT_GT(place_greedy(buffers, order, 16).arena_size, 10 * 16);
  const Plan plan = plan_memory(buffers, Algorithm::Search, 16);
  expect_valid(buffers, plan, 16);
  EXPECT_EQ(plan.arena_size, 10 * 16);
  EXPECT_TRUE(plan.optimal);
}

// The smallest arena over every placement on a grid of 16-byte units (no ordering argument).
int64_t brute_force_optimum(const std::vector<Buffer>& buffers, int32_t max_unit) {
  std::vector<int64_t> offsets(buffers.size(), 0);
  int64_t best = INT64_MAX;
  std::function<void(size_t, int64_t)> place = [&](size_t i, int64_t peak) {
    if (peak >= best) return;
    if (i == buffers.size()) {
      best = peak;
      return;
    }
    for (int64_t o = 0; o < max_unit * 16; o += 16) {
      bool fits = true;
      for (size_t j = 0; j < i && fits; ++j)
        fits = !overlap_in_time(buffers[i], buffers[j]) || o + buffers[i].size <= offsets[j] ||
               offsets[j] + buffers[j].size <= o;
      if (!fits) continue;
      offsets[i] = o;
      place(i + 1, std::max(peak, o + buffers[i].size));
    }
  };
  place(0, 0);
  return best;
}

TEST(MemoryPlanner, SearchIsOptimalOnSmallGraphs) {
  uint32_t seed = 4242;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (int round = 0; round < 300; ++round) {
    std::vector<Buffer> buffers;
    const int n = 4 + static_cast<int>(next() % 3);
    for (int i = 0; i < n; ++i) {
      const auto first = static_cast<int32_t>(next() % 6);
      buffers.push_back({16 * static_cast<int64_t>(1 + next() % 4), first,
                         first + static_cast<int32_t>(next() % 3)});
    }
    const Plan plan = plan_memory(buffers, Algorithm::Search, 16);
    expect_valid(buffers, plan, 16);
    EXPECT_TRUE(plan.optimal);
    ASSERT_EQ(plan.arena_size, brute_force_optimum(buffers, 16)) << "round " << round;
  }
}

TEST(MemoryPlanner, SearchStopsWithinItsBudgetOnLargeGraphs) {
  uint32_t seed = 99;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  std::vector<Buffer> buffers;
  for (int i = 0; i < 120; ++i) {
    const auto first = static_cast<int32_t>(next() % 40);
    buffers.push_back({static_cast<int64_t>(1 + next() % 5000), first,
                       first + static_cast<int32_t>(next() % 12)});
  }
  const Plan plan = plan_memory(buffers, Algorithm::Search, 16);
  expect_valid(buffers, plan, 16);
  for (PlacementOrder order : kAllPlacementOrders)
    EXPECT_LE(plan.arena_size, place_greedy(buffers, order, 16).arena_size);
}

TEST(MemoryPlanner, RejectsBadInput) {
  EXPECT_THROW(plan_memory({{10, 3, 1}}, Algorithm::GreedyBySize), Error);
  EXPECT_THROW(parse_algorithm("best_fit"), Error);
  EXPECT_THROW(plan_memory({{10, 0, 1}}, Algorithm::GreedyBySize, 0), Error);
}

}  // namespace
}  // namespace mlonmcu::planner
