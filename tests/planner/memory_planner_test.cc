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

TEST(MemoryPlanner, RejectsBadInput) {
  EXPECT_THROW(plan_memory({{10, 3, 1}}, Algorithm::GreedyBySize), Error);
  EXPECT_THROW(parse_algorithm("best_fit"), Error);
}

}  // namespace
}  // namespace mlonmcu::planner
