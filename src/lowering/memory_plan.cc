#include "lowering/memory_plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"

namespace mlonmcu::lowering {

namespace {

std::vector<bool> own_buffers(const LoweredGraph& lowered, bool io_in_workspace) {
  std::vector<bool> own(lowered.graph.tensors.size(), false);
  if (io_in_workspace) return own;
  for (const auto* list : {&lowered.graph.inputs, &lowered.graph.outputs})
    for (int32_t t : *list)
      if (t >= 0 && !lowered.graph.tensors[static_cast<size_t>(t)].is_const())
        own[static_cast<size_t>(t)] = true;
  return own;
}

// When each op runs, as the planner counts time: a main-graph op at its index; an op of another
// subgraph during the control-flow op that runs it (over all of them if several do), so its
// tensors live through that op and share nothing with each other or with that op's operands.
struct OpSpan {
  int32_t first = -1, last = -1;
};

std::vector<OpSpan> op_spans(const LoweredGraph& lowered) {
  std::vector<OpSpan> span(lowered.ops.size());
  const int32_t main_ops = lowered.num_main_ops();
  for (int32_t i = 0; i < main_ops; ++i) span[static_cast<size_t>(i)] = {i, i};
  // Callers before callees is not guaranteed by subgraph order: repeat until nothing widens
  // (the call graph is acyclic, so at most once per nesting level).
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < lowered.ops.size(); ++i) {
      if (span[i].first < 0) continue;
      for (int32_t s : lowered.ops[i].calls) {
        if (s < 0 || static_cast<size_t>(s) >= lowered.segments.size())
          throw Error(ErrorKind::Internal, fmt::format("lowered op calls segment {}", s));
        const Segment& seg = lowered.segments[static_cast<size_t>(s)];
        for (int32_t k = seg.first_op; k < seg.first_op + seg.num_ops; ++k) {
          OpSpan& callee = span[static_cast<size_t>(k)];
          const OpSpan widened{callee.first < 0 ? span[i].first : std::min(callee.first, span[i].first),
                               std::max(callee.last, span[i].last)};
          if (widened.first != callee.first || widened.last != callee.last) {
            callee = widened;
            changed = true;
          }
        }
      }
    }
  }
  return span;
}

}  // namespace

uint8_t persistent_reset_byte(const ir::Tensor& t) {
  if (t.dtype != ir::DType::Int8 || t.quant.zero_point.empty()) return 0;
  return static_cast<uint8_t>(static_cast<int8_t>(t.quant.zero_point[0]));
}

WorkspaceUse workspace_use(const LoweredGraph& lowered, bool io_in_workspace) {
  const ir::Graph& g = lowered.graph;
  const size_t num_tensors = g.tensors.size();
  const std::vector<bool> own = own_buffers(lowered, io_in_workspace);
  WorkspaceUse use;
  use.tensors.resize(num_tensors);
  auto touch = [&](int32_t t, int32_t op_index) {
    if (t < 0) return;
    if (static_cast<size_t>(t) >= num_tensors)
      throw Error(ErrorKind::Internal, fmt::format("lowered op refers to tensor {}", t));
    const ir::Tensor& tensor = g.tensors[static_cast<size_t>(t)];
    if (tensor.is_const() || own[static_cast<size_t>(t)]) return;
    planner::TensorLife& life = use.tensors[static_cast<size_t>(t)];
    life.size = tensor.num_bytes();
    life.first_use = life.in_arena() ? std::min(life.first_use, op_index) : op_index;
    life.last_use = std::max(life.last_use, op_index);
  };
  // Outputs stay alive past the last op: the caller reads them after the inference.
  const int32_t after_last_op = lowered.num_main_ops();
  const std::vector<OpSpan> spans = op_spans(lowered);
  for (int32_t t : g.inputs) touch(t, 0);
  for (size_t i = 0; i < lowered.ops.size(); ++i) {
    const ops::LoweredOp& op = lowered.ops[i];
    // A subgraph nothing runs still gets valid buffers (as if it ran with the first op).
    const OpSpan span = spans[i].first < 0 ? OpSpan{0, 0} : spans[i];
    for (const auto* list : {&op.inputs, &op.outputs})
      for (int32_t t : *list) {
        touch(t, span.first);
        touch(t, span.last);
      }
    // What a control-flow op copies to and from lives while it runs.
    for (int32_t s : op.calls)
      for (const auto* list : {&lowered.segments[static_cast<size_t>(s)].inputs,
                               &lowered.segments[static_cast<size_t>(s)].outputs})
        for (int32_t t : *list) {
          touch(t, span.first);
          touch(t, span.last);
        }
    // Sharing hints assume ops run once, in order: only the main graph's qualify.
    if (op.outputs.empty() || static_cast<int32_t>(i) >= after_last_op) continue;
    const auto index = static_cast<int32_t>(i);
    if (op.output_is_input_view && !op.inputs.empty() && op.inputs[0] >= 0)
      use.hints.push_back({planner::SharingHint::Kind::View, index, op.outputs[0], {op.inputs[0]}});
    std::vector<int32_t> candidates;
    for (int32_t slot : op.inplace_inputs) {
      const auto s = static_cast<size_t>(slot);
      if (slot >= 0 && s < op.inputs.size() && op.inputs[s] >= 0)
        candidates.push_back(op.inputs[s]);
    }
    if (!candidates.empty())
      use.hints.push_back({planner::SharingHint::Kind::InPlace, index, op.outputs[0], candidates});
  }
  for (int32_t t : g.outputs) touch(t, after_last_op);
  // A variable tensor (an SVDF state) keeps its bytes from one inference to the next: it lives
  // from before the first op to after the last, so no other tensor ever shares them.
  for (size_t t = 0; t < num_tensors; ++t)
    if (is_persistent(g.tensors[t]) && use.tensors[t].in_arena()) {
      use.tensors[t].first_use = 0;
      use.tensors[t].last_use = after_last_op;
    }
  return use;
}

MemoryPlan plan_memory(const LoweredGraph& lowered, const MemoryPlanOptions& options) {
  if (options.alignment <= 0)
    throw Error(ErrorKind::Internal, "memory plan: alignment must be positive");
  const WorkspaceUse use = workspace_use(lowered, options.io_in_workspace);
  planner::SharingOptions sharing;
  sharing.algorithm = options.algorithm;
  const bool share = options.algorithm != planner::Algorithm::Linear;
  sharing.views = share && options.views;
  sharing.in_place = share && options.in_place;
  // Kernels load elements with their natural alignment.
  sharing.alignment = options.alignment;
  for (size_t t = 0; t < use.tensors.size(); ++t)
    if (use.tensors[t].in_arena())
      sharing.alignment = std::max<int64_t>(
          sharing.alignment, static_cast<int64_t>(ir::dtype_size(lowered.graph.tensors[t].dtype)));
  const planner::TensorPlan placed = planner::plan_tensors(use.tensors, use.hints, sharing);
  MemoryPlan plan;
  plan.offsets = placed.offsets;
  plan.own_buffer = own_buffers(lowered, options.io_in_workspace);
  plan.workspace_size = placed.arena_size;
  plan.lower_bound = placed.lower_bound;
  plan.alignment = sharing.alignment;
  plan.num_buffers = placed.num_buffers;
  plan.optimal = placed.optimal;
  return plan;
}

std::string describe_plan(const LoweredGraph& lowered, const MemoryPlan& plan,
                          const MemoryPlanOptions& options) {
  const WorkspaceUse use = workspace_use(lowered, options.io_in_workspace);
  std::string text = "# tensor  bytes  offset  ops  name\n";
  for (size_t t = 0; t < lowered.graph.tensors.size(); ++t) {
    const ir::Tensor& tensor = lowered.graph.tensors[t];
    if (plan.offsets[t] >= 0)
      text += fmt::format("{} {} {} {}..{} {}\n", t, tensor.num_bytes(), plan.offsets[t],
                          use.tensors[t].first_use, use.tensors[t].last_use, tensor.name);
    else if (plan.own_buffer[t])
      text += fmt::format("{} {} own-buffer - {}\n", t, tensor.num_bytes(), tensor.name);
  }
  text +=
      fmt::format("workspace {} B, whole-tensor lower bound {} B, {} buffers, alignment {}, {}\n",
                  plan.workspace_size, plan.lower_bound, plan.num_buffers, plan.alignment,
                  plan.optimal ? "optimal" : "best found within the search budget");
  return text;
}

}  // namespace mlonmcu::lowering
