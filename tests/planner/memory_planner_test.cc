#include "planner/memory_planner.h"

#include <gtest/gtest.h>

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
  const Plan best = plan_memory(buffers, Algorithm::GreedyBySize, 16);
  expect_valid(buffers, best, 16);
  EXPECT_EQ(best.arena_size, 7 * 16);
}

TEST(MemoryPlanner, BestOfOrdersNeverWorseThanAnyOrder) {
  uint32_t seed = 777;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (int round = 0; round < 50; ++round) {
    std::vector<Buffer> buffers;
    for (int i = 0; i < 30; ++i) {
      const int32_t first = static_cast<int32_t>(next() % 20);
      buffers.push_back({static_cast<int64_t>(next() % 3000), first, first + static_cast<int32_t>(next() % 6)});
    }
    const Plan best = plan_memory(buffers, Algorithm::GreedyBySize, 16);
    expect_valid(buffers, best, 16);
    for (PlacementOrder order : kAllPlacementOrders) {
      const Plan one = place_greedy(buffers, order, 16);
      expect_valid(buffers, one, 16);
      EXPECT_LE(best.arena_size, one.arena_size);
    }
  }
}

TEST(MemoryPlanner, RejectsBadInput) {
  EXPECT_THROW(plan_memory({{10, 3, 1}}, Algorithm::GreedyBySize), Error);
  EXPECT_THROW(parse_algorithm("best_fit"), Error);
  EXPECT_THROW(plan_memory({{10, 0, 1}}, Algorithm::GreedyBySize, 0), Error);
}

}  // namespace
}  // namespace mlonmcu::planner
