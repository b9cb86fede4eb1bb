// Views and in-place ops in the tensor-level planner: hand-worked arena sizes for small graphs,
// and a replay of random graphs that checks no plan lets a needed buffer be overwritten.
#include "planner/tensor_sharing.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "planner/arena_simulation.h"

namespace mlonmcu::planner {
namespace {

using testing_support::SimModel;
using testing_support::SimOp;
using testing_support::simulate_arena;

// A small graph: tensors with sizes, ops with their in-place candidates (input slots).
struct TestGraph {
  std::vector<int64_t> sizes;
  std::vector<int32_t> inputs, outputs;
  struct Op {
    std::vector<int32_t> in, out;
    bool view = false;
    std::vector<int32_t> inplace_slots;
  };
  std::vector<Op> ops;

  // Lifetimes as the interp backend derives them: graph inputs from op 0, graph outputs past
  // the last op.
  std::vector<TensorLife> lives() const {
    std::vector<TensorLife> l(sizes.size());
    auto touch = [&](int32_t t, int32_t i) {
      TensorLife& x = l[static_cast<size_t>(t)];
      x.size = sizes[static_cast<size_t>(t)];
      x.first_use = x.in_arena() ? std::min(x.first_use, i) : i;
      x.last_use = std::max(x.last_use, i);
    };
    for (int32_t t : inputs) touch(t, 0);
    for (size_t i = 0; i < ops.size(); ++i) {
      for (int32_t t : ops[i].in) touch(t, static_cast<int32_t>(i));
      for (int32_t t : ops[i].out) touch(t, static_cast<int32_t>(i));
    }
    for (int32_t t : outputs) touch(t, static_cast<int32_t>(ops.size()));
    return l;
  }

  std::vector<SharingHint> hints() const {
    std::vector<SharingHint> h;
    for (size_t i = 0; i < ops.size(); ++i) {
      const auto op = static_cast<int32_t>(i);
      if (ops[i].view) h.push_back({SharingHint::Kind::View, op, ops[i].out[0], {ops[i].in[0]}});
      std::vector<int32_t> candidates;
      for (int32_t slot : ops[i].inplace_slots) candidates.push_back(ops[i].in[static_cast<size_t>(slot)]);
      if (!candidates.empty()) h.push_back({SharingHint::Kind::InPlace, op, ops[i].out[0], candidates});
    }
    return h;
  }

  TensorPlan plan(bool views = true, bool in_place = true,
                  Algorithm algorithm = Algorithm::GreedyBySize) const {
    SharingOptions o;
    o.views = views, o.in_place = in_place, o.algorithm = algorithm;
    return plan_tensors(lives(), hints(), o);
  }

  std::string replay(const TensorPlan& p) const {
    SimModel m;
    m.sizes = sizes, m.offsets = p.offsets, m.arena_size = p.arena_size;
    m.graph_inputs = inputs, m.graph_outputs = outputs;
    for (const Op& op : ops) m.ops.push_back(SimOp{op.in, op.out, op.view});
    return simulate_arena(m);
  }
};

using Op = TestGraph::Op;
Op plain(std::vector<int32_t> in, std::vector<int32_t> out) { return {in, out, false, {}}; }
Op view(int32_t in, int32_t out) { return {{in}, {out}, true, {}}; }
Op in_place(std::vector<int32_t> in, int32_t out, std::vector<int32_t> slots) {
  return {in, {out}, false, slots};
}

TEST(TensorSharing, ReshapeOutputIsTheInputsBuffer) {
  // I(16) -conv-> A(1000) -reshape-> B(1000) -fc-> C(16). Without the view A and B are both
  // alive at the reshape: 1008 + 1008. With it, A/B is one buffer next to a 16-byte tensor.
  TestGraph g{{16, 1000, 1000, 16}, {0}, {3}, {plain({0}, {1}), view(1, 2), plain({2}, {3})}};
  const TensorPlan shared = g.plan();
  EXPECT_EQ(shared.arena_size, 1008 + 16);
  EXPECT_EQ(shared.offsets[1], shared.offsets[2]);
  EXPECT_EQ(shared.num_buffers, 3);
  EXPECT_EQ(g.replay(shared), "");
  const TensorPlan apart = g.plan(/*views=*/false);
  EXPECT_EQ(apart.arena_size, 2 * 1008);
  EXPECT_EQ(g.replay(apart), "");
}

TEST(TensorSharing, ElementwiseChainRunsInOneBuffer) {
  // I -relu-> A -relu-> B, all 64 bytes: each output overwrites its dead input.
  TestGraph g{{64, 64, 64}, {0}, {2}, {in_place({0}, 1, {0}), in_place({1}, 2, {0})}};
  const TensorPlan p = g.plan();
  EXPECT_EQ(p.arena_size, 64);
  EXPECT_EQ(p.num_buffers, 1);
  EXPECT_EQ(g.replay(p), "");
  EXPECT_EQ(g.plan(true, /*in_place=*/false).arena_size, 128);
}

TEST(TensorSharing, GraphOutputIsNeverOverwritten) {
  // A is a graph output and also the input of the last RELU: B must not take A's bytes.
  TestGraph g{{64, 64, 64}, {0}, {1, 2}, {in_place({0}, 1, {0}), in_place({1}, 2, {0})}};
  const TensorPlan p = g.plan();
  EXPECT_EQ(p.arena_size, 128);  // I/A in one buffer, B in another
  EXPECT_NE(p.offsets[1], p.offsets[2]);
  EXPECT_EQ(g.replay(p), "");
}

TEST(TensorSharing, ResidualAddOverwritesOneOperand) {
  // I -conv-> X -conv-> Y; Z = X + Y; W = conv(Z). All 64 bytes. Without in-place X, Y, Z are
  // alive together at the ADD (192); with it Z takes X's or Y's bytes and two buffers suffice.
  TestGraph g{{64, 64, 64, 64, 64},
              {0},
              {4},
              {plain({0}, {1}), plain({1}, {2}), in_place({1, 2}, 3, {0, 1}), plain({3}, {4})}};
  const TensorPlan p = g.plan();
  EXPECT_EQ(p.arena_size, 128);
  EXPECT_TRUE(p.offsets[3] == p.offsets[1] || p.offsets[3] == p.offsets[2]);
  EXPECT_EQ(g.replay(p), "");
  EXPECT_EQ(g.plan(true, false).arena_size, 192);
}

TEST(TensorSharing, InputStillNeededLaterIsNotOverwritten) {
  // A = relu(I); B = I + A. The RELU may not overwrite I (the ADD reads it); the ADD may
  // overwrite either. Peak: I and A at op 0 (128), and B shares at op 1.
  TestGraph g{{64, 64, 64}, {0}, {2}, {in_place({0}, 1, {0}), in_place({0, 1}, 2, {0, 1})}};
  const TensorPlan p = g.plan();
  EXPECT_NE(p.offsets[0], p.offsets[1]);
  EXPECT_EQ(p.arena_size, 128);
  EXPECT_EQ(g.replay(p), "");
  EXPECT_EQ(g.plan(true, false).arena_size, 192);
}

TEST(TensorSharing, DifferentSizesNeverShare) {
  // A QUANTIZE float32 -> int8 shrinks 4x: an in-place hint with unequal sizes is ignored.
  TestGraph g{{64, 16}, {0}, {1}, {in_place({0}, 1, {0})}};
  const TensorPlan p = g.plan();
  EXPECT_EQ(p.arena_size, 64 + 16);
  EXPECT_EQ(g.replay(p), "");
}

TEST(TensorSharing, LinearWithoutSharingKeepsEveryTensorApart) {
  TestGraph g{{64, 64, 64}, {0}, {2}, {in_place({0}, 1, {0}), view(1, 2)}};
  const TensorPlan p = g.plan(false, false, Algorithm::Linear);
  EXPECT_EQ(p.arena_size, 192);
  EXPECT_EQ(p.num_buffers, 3);
  EXPECT_EQ(g.replay(p), "");
}

TEST(TensorSharing, RejectsInconsistentHints) {
  const std::vector<TensorLife> lives = {{64, 0, 1}, {64, 1, 2}};
  EXPECT_THROW(plan_tensors(lives, {{SharingHint::Kind::InPlace, 1, 5, {0}}}, {}), Error);
  EXPECT_THROW(plan_tensors(lives, {{SharingHint::Kind::View, 1, 1, {0, 1}}}, {}), Error);
  EXPECT_THROW(plan_tensors({{-1, 0, 0}}, {}, {}), Error);
}

TEST(TensorSharing, ReplayCatchesAnOverwrittenInput) {
  // The checker itself: A = relu(I); B = I + A with B placed over I while the ADD still needs
  // I would be fine (the ADD reads first), but A placed over I is not: the ADD reads I after
  // the RELU wrote A there.
  TestGraph g{{64, 64, 64}, {0}, {2}, {in_place({0}, 1, {0}), in_place({0, 1}, 2, {0, 1})}};
  TensorPlan bad;
  bad.offsets = {0, 0, 64};
  bad.arena_size = 128;
  EXPECT_NE(g.replay(bad), "");
  bad.offsets = {0, 64, 0};
  EXPECT_EQ(g.replay(bad), "");
  bad.offsets = {0, 64, 112};  // outside the arena
  EXPECT_NE(g.replay(bad), "");
}

// Random graphs: views, elementwise ops with in-place candidates, ops with other sizes, graph
// outputs in the middle. Every plan (all options) must replay without a lost tensor.
TEST(TensorSharing, RandomGraphsNeverLoseALiveTensor) {
  uint32_t seed = 2024;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int round = 0; round < 300; ++round) {
    TestGraph g;
    const int32_t num_inputs = 1 + static_cast<int32_t>(next() % 2);
    for (int32_t i = 0; i < num_inputs; ++i) {
      g.inputs.push_back(static_cast<int32_t>(g.sizes.size()));
      g.sizes.push_back(16 * (1 + next() % 8));
    }
    const int num_ops = 2 + static_cast<int>(next() % 12);
    for (int o = 0; o < num_ops; ++o) {
      const auto n = static_cast<uint32_t>(g.sizes.size());
      TestGraph::Op op;
      op.in.push_back(static_cast<int32_t>(n - 1 - next() % std::min(n, 3u)));
      const uint32_t kind = next() % 4;
      const int64_t in_size = g.sizes[static_cast<size_t>(op.in[0])];
      int64_t out_size = in_size;
      if (kind == 0) {
        op.view = true;
      } else if (kind == 1) {  // binary elementwise; candidates are the same-size operands
        op.in.push_back(static_cast<int32_t>(next() % n));
        op.inplace_slots = {0, 1};
      } else if (kind == 2) {
        op.inplace_slots = {0};
      } else {
        out_size = 16 * (1 + next() % 8);
      }
      op.out.push_back(static_cast<int32_t>(n));
      g.sizes.push_back(out_size);
      g.ops.push_back(op);
    }
    g.outputs.push_back(static_cast<int32_t>(g.sizes.size() - 1));
    if (next() % 2) g.outputs.push_back(static_cast<int32_t>(next() % g.sizes.size()));
    for (bool views : {false, true})
      for (bool in_place : {false, true})
        for (Algorithm a : {Algorithm::GreedyBySize, Algorithm::Linear}) {
          const TensorPlan p = g.plan(views, in_place, a);
          ASSERT_EQ(g.replay(p), "") << "round " << round << " views " << views << " in_place "
                                     << in_place;
        }
  }
}

}  // namespace
}  // namespace mlonmcu::planner
