#include "backends/interp/blob_writer.h"

#include <algorithm>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "common/error.h"
#include "mlonmcu/runtime/blob_format.h"

namespace mlonmcu::backends::interp {

namespace {

constexpr int64_t kConstAlignment = 16;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void put_i32(std::vector<uint8_t>& out, int32_t v) { put_u32(out, static_cast<uint32_t>(v)); }

void set_u32(std::vector<uint8_t>& out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

uint32_t checked_u32(int64_t v, const char* what) {
  if (v < 0 || v > INT32_MAX)
    throw Error(ErrorKind::Unsupported, fmt::format("model too large for the interpreter: {}", what));
  return static_cast<uint32_t>(v);
}

}  // namespace

Blob lower_and_write_blob(const ir::Graph& graph, const lowering::LoweringOptions& lowering,
                          const lowering::MemoryPlanOptions& options) {
  const lowering::LoweredGraph lowered = lowering::lower_graph(graph, "interp", lowering);
  return write_blob(lowered, lowering::plan_memory(lowered, options));
}

namespace {

// The plan's workspace offsets, then own io buffers after the workspace.
std::vector<int64_t> arena_layout(const lowering::LoweredGraph& lowered,
                                  const lowering::MemoryPlan& plan, int64_t* arena_size) {
  std::vector<int64_t> offsets = plan.offsets;
  int64_t end = plan.workspace_size;
  for (size_t t = 0; t < offsets.size(); ++t)
    if (plan.own_buffer[t]) {
      offsets[t] = planner::align_up(end, kConstAlignment);
      end = offsets[t] + lowered.graph.tensors[t].num_bytes();
    }
  *arena_size = end;
  return offsets;
}

}  // namespace

Blob write_blob(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan) {
  const ir::Graph& g = lowered.graph;
  const size_t num_tensors = g.tensors.size();
  if (num_tensors > 65535) throw Error(ErrorKind::Unsupported, "model has too many tensors");
  if (g.tensors.size() > INT32_MAX || lowered.ops.empty())
    throw Error(ErrorKind::Unsupported, "model has no operators");
  if (plan.offsets.size() != num_tensors)
    throw Error(ErrorKind::Internal, "memory plan does not fit the lowered graph");
  int64_t arena_size = 0;
  const std::vector<int64_t> arena_offset = arena_layout(lowered, plan, &arena_size);
  // Constants anything refers to.
  std::vector<bool> const_used(num_tensors, false);
  auto mark_const = [&](int32_t t) {
    const auto u = static_cast<size_t>(t);
    if (t >= 0 && g.tensors[u].is_const()) const_used[u] = true;
  };
  for (const ops::LoweredOp& op : lowered.ops) {
    for (int32_t t : op.inputs)
      if (t >= static_cast<int32_t>(num_tensors))
        throw Error(ErrorKind::Internal, fmt::format("lowered op refers to tensor {}", t));
    for (int32_t t : op.inputs) mark_const(t);
    for (int32_t t : op.outputs) mark_const(t);
  }
  for (int32_t t : g.inputs) mark_const(t);
  for (int32_t t : g.outputs) mark_const(t);

  // Constant data, each aligned.
  std::vector<uint8_t> const_data;
  std::vector<int64_t> const_offset(num_tensors, -1);
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!const_used[t]) continue;
    while (const_data.size() % kConstAlignment) const_data.push_back(0);
    const_offset[t] = static_cast<int64_t>(const_data.size());
    const auto& data = g.tensors[t].data;
    const_data.insert(const_data.end(), data.begin(), data.end());
  }

  Blob blob;
  std::vector<uint8_t>& out = blob.bytes;
  out.resize(MLONMCU_BLOB_HEADER_WORDS * 4, 0);
  const size_t tensors_offset = out.size();
  for (size_t t = 0; t < num_tensors; ++t) {
    const ir::Tensor& tensor = g.tensors[t];
    if (tensor.shape.size() > 6)
      throw Error(ErrorKind::Unsupported, fmt::format("tensor '{}' has rank {} (max 6)",
                                                      tensor.name, tensor.shape.size()));
    put_i32(out, static_cast<int32_t>(tensor.dtype));
    put_i32(out, static_cast<int32_t>(tensor.shape.size()));
    for (size_t d = 0; d < 6; ++d) put_i32(out, d < tensor.shape.size() ? tensor.shape[d] : 1);
    int32_t kind = MLONMCU_TENSOR_ABSENT;
    int64_t offset = 0;
    if (arena_offset[t] >= 0) {
      kind = lowering::is_persistent(tensor) ? MLONMCU_TENSOR_STATE : MLONMCU_TENSOR_ARENA;
      offset = arena_offset[t];
    } else if (const_offset[t] >= 0) {
      kind = MLONMCU_TENSOR_CONST;
      offset = const_offset[t];
    }
    put_i32(out, kind);
    put_u32(out, checked_u32(offset, "tensor offset"));
    put_u32(out, checked_u32(kind == MLONMCU_TENSOR_ABSENT ? 0 : tensor.num_bytes(), "tensor size"));
    const bool quantized = !tensor.quant.empty();
    put_i32(out, quantized ? static_cast<int32_t>(tensor.quant.zero_point.empty() ? 0 : tensor.quant.zero_point[0]) : 0);
    uint32_t scale_bits = 0;
    const float scale = quantized ? tensor.quant.scale[0] : 0.0f;
    std::memcpy(&scale_bits, &scale, 4);
    put_u32(out, scale_bits);
    put_u32(out, kind == MLONMCU_TENSOR_STATE ? lowering::persistent_reset_byte(tensor) : 0);
    for (int r = 1; r < 3; ++r) put_u32(out, 0);
  }
  const size_t io_offset = out.size();
  for (int32_t t : g.inputs) put_i32(out, t);
  for (int32_t t : g.outputs) put_i32(out, t);
  const size_t segments_offset = out.size();
  std::vector<lowering::Segment> segments = lowered.segments;
  if (segments.empty()) segments.push_back({0, static_cast<int32_t>(lowered.ops.size()), g.inputs, g.outputs});
  std::vector<int64_t> op_word(lowered.ops.size() + 1, 0);  // where each op record starts
  for (size_t i = 0; i < lowered.ops.size(); ++i) {
    const ops::LoweredOp& op = lowered.ops[i];
    op_word[i + 1] = op_word[i] + 4 + static_cast<int64_t>(op.inputs.size() + op.outputs.size() + op.params.size());
  }
  for (const lowering::Segment& seg : segments) {
    put_i32(out, seg.first_op);
    put_i32(out, seg.num_ops);
    put_u32(out, checked_u32(op_word[static_cast<size_t>(seg.first_op)], "op offset"));
    put_u32(out, static_cast<uint32_t>(seg.inputs.size()));
    put_u32(out, static_cast<uint32_t>(seg.outputs.size()));
    for (int32_t t : seg.inputs) put_i32(out, t);
    for (int32_t t : seg.outputs) put_i32(out, t);
  }
  const size_t ops_offset = out.size();
  for (const ops::LoweredOp& op : lowered.ops) {
    put_u32(out, op.opcode);
    put_u32(out, static_cast<uint32_t>(op.inputs.size()));
    put_u32(out, static_cast<uint32_t>(op.outputs.size()));
    put_u32(out, static_cast<uint32_t>(op.params.size()));
    for (int32_t t : op.inputs) put_i32(out, t);
    for (int32_t t : op.outputs) put_i32(out, t);
    for (int32_t p : op.params) put_i32(out, p);
  }
  while (out.size() % kConstAlignment) out.push_back(0);
  const size_t const_start = out.size();
  out.insert(out.end(), const_data.begin(), const_data.end());

  set_u32(out, 0, MLONMCU_BLOB_MAGIC);
  set_u32(out, 4, MLONMCU_BLOB_VERSION);
  set_u32(out, 8, static_cast<uint32_t>(num_tensors));
  set_u32(out, 12, static_cast<uint32_t>(lowered.ops.size()));
  set_u32(out, 16, static_cast<uint32_t>(g.inputs.size()));
  set_u32(out, 20, static_cast<uint32_t>(g.outputs.size()));
  set_u32(out, 24, checked_u32(arena_size, "arena size"));
  set_u32(out, 28, static_cast<uint32_t>(tensors_offset));
  set_u32(out, 32, static_cast<uint32_t>(io_offset));
  set_u32(out, 36, static_cast<uint32_t>(ops_offset));
  set_u32(out, 40, static_cast<uint32_t>(const_start));
  set_u32(out, 44, checked_u32(static_cast<int64_t>(out.size()), "blob size"));
  set_u32(out, 48, static_cast<uint32_t>(segments.size()));
  set_u32(out, 52, static_cast<uint32_t>(segments_offset));
  blob.arena_size = arena_size;
  blob.const_bytes = static_cast<int64_t>(const_data.size());
  blob.arena_offsets = arena_offset;
  return blob;
}

}  // namespace mlonmcu::backends::interp
