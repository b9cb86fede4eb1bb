// Tensor-level memory planning: before placement, tensors that may live in the same bytes are
// merged into one buffer, then memory_planner.h places the buffers.
//
// Two kinds of sharing, both bit-exact by construction:
//  - view: the output holds exactly the input's bytes (RESHAPE, SQUEEZE). Tensors are written
//    once, so input and output can always share one buffer for the union of their lifetimes;
//    the op's copy then has source == destination and does nothing.
//  - in place: an elementwise op may write its output over an input whose data is not needed
//    after this op (that input's buffer's last use is this op). The kernel reads element k
//    before it writes element k, so nothing it still needs is overwritten.
//
// Which input an in-place op overwrites matters (a residual ADD can overwrite either operand),
// and in-place is not always a win, so several choices are planned and the smallest arena is
// kept. With the `search` algorithm the expensive search runs on the choices in the order of
// their lower bounds, and stops once no remaining choice can beat the best plan.
#pragma once

#include <cstdint>
#include <vector>

#include "planner/memory_planner.h"

namespace mlonmcu::planner {

struct TensorLife {
  int64_t size = 0;
  int32_t first_use = -1;  // -1: not in the arena (constant, absent, or never touched)
  int32_t last_use = -1;
  bool in_arena() const { return first_use >= 0; }
};

struct SharingHint {
  enum class Kind { View, InPlace };
  Kind kind = Kind::InPlace;
  int32_t op = 0;               // index of the op in execution order
  int32_t output = 0;           // tensor index
  std::vector<int32_t> inputs;  // candidate tensor indices (a view has exactly one)
};

struct SharingOptions {
  Algorithm algorithm = Algorithm::Search;
  bool views = true;     // honour View hints
  bool in_place = true;  // honour InPlace hints
  int64_t alignment = 16;
};

struct TensorPlan {
  std::vector<int64_t> offsets;    // per tensor; -1 when not in the arena
  std::vector<int32_t> buffer_of;  // per tensor: index of its shared buffer; -1 when not in it
  int64_t arena_size = 0;
  int32_t num_buffers = 0;
  int64_t lower_bound = 0;  // whole-tensor lower bound of the shared buffers (aligned)
  bool optimal = false;     // no placement of these buffers is smaller
};

// Throws Internal for inconsistent input (bad tensor index, negative size, hint outside a
// tensor's lifetime).
TensorPlan plan_tensors(const std::vector<TensorLife>& tensors,
                        const std::vector<SharingHint>& hints, const SharingOptions& options);

}  // namespace mlonmcu::planner
