// Replays one inference on a model of the arena: every byte remembers which tensor's data it
// holds. Before an op runs, each of its arena inputs must still hold its own data; the op then
// writes its outputs (a view writes its input's data, since it is a copy of those bytes). After
// the last op the graph outputs must still hold their data. This finds any plan that lets a
// buffer be overwritten while it is still needed, independently of how the planner reasons.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mlonmcu::testing_support {

struct SimOp {
  std::vector<int32_t> inputs;   // tensor indices; -1 absent
  std::vector<int32_t> outputs;
  bool view = false;             // outputs[0] is a byte copy of inputs[0]
};

struct SimModel {
  std::vector<int64_t> sizes;    // per tensor
  std::vector<int64_t> offsets;  // per tensor; -1 = not in the arena
  std::vector<int32_t> graph_inputs, graph_outputs;
  std::vector<SimOp> ops;
  int64_t arena_size = 0;
};

// Returns an empty string when the plan is sound, else the first violation found.
inline std::string simulate_arena(const SimModel& m) {
  // Data identity of each tensor: a view carries its source's identity.
  std::vector<int32_t> data_of(m.sizes.size());
  for (size_t t = 0; t < data_of.size(); ++t) data_of[t] = static_cast<int32_t>(t);
  for (const SimOp& op : m.ops)
    if (op.view && !op.inputs.empty() && op.inputs[0] >= 0 && !op.outputs.empty())
      data_of[static_cast<size_t>(op.outputs[0])] = data_of[static_cast<size_t>(op.inputs[0])];

  std::vector<int32_t> bytes(static_cast<size_t>(m.arena_size), -1);
  auto in_arena = [&](int32_t t) { return t >= 0 && m.offsets[static_cast<size_t>(t)] >= 0; };
  auto write = [&](int32_t t, int32_t data) -> std::string {
    const int64_t off = m.offsets[static_cast<size_t>(t)], size = m.sizes[static_cast<size_t>(t)];
    if (off < 0 || off + size > m.arena_size) return "tensor " + std::to_string(t) + " outside the arena";
    for (int64_t b = off; b < off + size; ++b) bytes[static_cast<size_t>(b)] = data;
    return "";
  };
  auto intact = [&](int32_t t) {
    const int64_t off = m.offsets[static_cast<size_t>(t)], size = m.sizes[static_cast<size_t>(t)];
    for (int64_t b = off; b < off + size; ++b)
      if (bytes[static_cast<size_t>(b)] != data_of[static_cast<size_t>(t)]) return false;
    return true;
  };
  for (int32_t t : m.graph_inputs)
    if (in_arena(t))
      if (auto e = write(t, data_of[static_cast<size_t>(t)]); !e.empty()) return e;
  for (size_t i = 0; i < m.ops.size(); ++i) {
    for (int32_t t : m.ops[i].inputs)
      if (in_arena(t) && !intact(t))
        return "op " + std::to_string(i) + " reads tensor " + std::to_string(t) + " after it was overwritten";
    for (int32_t t : m.ops[i].outputs)
      if (in_arena(t))
        if (auto e = write(t, data_of[static_cast<size_t>(t)]); !e.empty()) return e;
  }
  for (int32_t t : m.graph_outputs)
    if (in_arena(t) && !intact(t)) return "graph output " + std::to_string(t) + " overwritten";
  return "";
}

}  // namespace mlonmcu::testing_support
