#include "lowering/fuse_residual_add.h"

#include <cstring>
#include <optional>

#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/runtime/opcodes.h"

namespace mlonmcu::lowering {

namespace {

// Input slots of the fused op's ADD table and skip operand (kernel_calls.def), and the ADD's
// table slot in the optimized ADD.
constexpr size_t kTableSlot = 4, kSkipSlot = 5, kAddTableSlot = 2;

template <typename Params>
Params params_of(const ops::LoweredOp& op) {
  Params p{};
  if (op.params.size() * 4 >= sizeof(Params)) std::memcpy(&p, op.params.data(), sizeof(Params));
  return p;
}

struct Uses {
  std::vector<int32_t> producer;   // per tensor: op index, -1 for inputs and constants
  std::vector<int32_t> consumers;  // per tensor: number of reading ops
};

Uses uses_of(const LoweredGraph& lowered) {
  Uses u;
  u.producer.assign(lowered.graph.tensors.size(), -1);
  u.consumers.assign(lowered.graph.tensors.size(), 0);
  for (size_t i = 0; i < lowered.ops.size(); ++i) {
    for (int32_t t : lowered.ops[i].inputs)
      if (t >= 0) ++u.consumers[static_cast<size_t>(t)];
    for (int32_t t : lowered.ops[i].outputs)
      if (t >= 0) u.producer[static_cast<size_t>(t)] = static_cast<int32_t>(i);
  }
  for (int32_t t : lowered.graph.outputs) ++u.consumers[static_cast<size_t>(t)];  // read after
  return u;
}

struct Fusion {
  size_t conv = 0, add = 0;
  size_t conv_operand = 0;  // which ADD input (0 or 1) the convolution produces
};

// A fusion for the ADD at index `add`, if one applies.
std::optional<Fusion> find_fusion(const LoweredGraph& lowered, const Uses& uses, size_t add) {
  const ops::LoweredOp& op = lowered.ops[add];
  // The optimized ADD (the reference kernels are never fused): inputs, then its table.
  if (op.opcode != MLONMCU_OP_ADD_S8 || op.inputs.size() != 3 || op.outputs.size() != 1)
    return std::nullopt;
  const auto& tensors = lowered.graph.tensors;
  const auto& out_shape = tensors[static_cast<size_t>(op.outputs[0])].shape;
  std::optional<Fusion> best;
  for (size_t k = 0; k < 2; ++k) {
    const int32_t t = op.inputs[k], skip = op.inputs[1 - k];
    if (t < 0 || skip < 0 || tensors[static_cast<size_t>(t)].shape != out_shape ||
        tensors[static_cast<size_t>(skip)].shape != out_shape)
      continue;
    const int32_t conv = uses.producer[static_cast<size_t>(t)];
    if (conv < 0 || lowered.ops[static_cast<size_t>(conv)].opcode != MLONMCU_OP_CONV_2D_S8 ||
        uses.consumers[static_cast<size_t>(t)] != 1)
      continue;
    // The skip operand must exist when the convolution runs.
    if (uses.producer[static_cast<size_t>(skip)] >= conv) continue;
    if (!best || static_cast<size_t>(conv) > best->conv)
      best = Fusion{static_cast<size_t>(conv), add, k};
  }
  return best;
}

void apply(LoweredGraph& lowered, const Fusion& f) {
  ops::LoweredOp& conv = lowered.ops[f.conv];
  const ops::LoweredOp add = lowered.ops[f.add];
  mlonmcu_conv_add_s8_params_t p{};
  p.conv = params_of<mlonmcu_conv_s8_params_t>(conv);
  p.add = params_of<mlonmcu_add_s8_params_t>(add);
  int32_t table = add.inputs[kAddTableSlot];
  if (f.conv_operand == 1) {  // the kernel takes the convolution as ADD input 1
    std::swap(p.add.input1_offset, p.add.input2_offset);
    std::swap(p.add.input1_multiplier, p.add.input2_multiplier);
    std::swap(p.add.input1_shift, p.add.input2_shift);
    std::vector<int32_t> lut(MLONMCU_ADD_LUT_SIZE);
    mlonmcu_add_sub_s8_lut(&p.add, 1, lut.data());
    ops::LowerContext ctx(lowered.graph);
    table = ctx.add_const_int32(
        lowered.graph.tensors[static_cast<size_t>(add.outputs[0])].name + "/fused_rescale_table",
        lut);
  }
  const int32_t skip = add.inputs[1 - f.conv_operand];
  const int32_t conv_input = conv.inputs[0];
  conv.opcode = MLONMCU_OP_CONV_2D_ADD_S8;
  conv.params = ops::params_words(p);
  conv.inputs.resize(kTableSlot, -1);
  conv.inputs.push_back(table);
  conv.inputs.push_back(skip);
  conv.outputs = add.outputs;
  // Writing over the skip tensor is safe element by element, but not over the conv's input.
  conv.inplace_inputs.clear();
  if (skip != conv_input) conv.inplace_inputs.push_back(static_cast<int32_t>(kSkipSlot));

  LayerInfo& layer = lowered.layers[f.conv];
  const std::string skip_shape = shape_text(lowered.graph.tensors[static_cast<size_t>(skip)].shape);
  const size_t arrow = layer.shapes.find(" -> ");
  layer.op += "+" + lowered.layers[f.add].op;
  layer.shapes = layer.shapes.substr(0, arrow) + "," + skip_shape + " -> " +
                 shape_text(lowered.graph.tensors[static_cast<size_t>(add.outputs[0])].shape);
  lowered.ops.erase(lowered.ops.begin() + static_cast<std::ptrdiff_t>(f.add));
  lowered.layers.erase(lowered.layers.begin() + static_cast<std::ptrdiff_t>(f.add));
}

}  // namespace

void fuse_residual_adds(LoweredGraph& lowered) {
  for (size_t i = 0; i < lowered.ops.size();) {
    const std::optional<Fusion> f = find_fusion(lowered, uses_of(lowered), i);
    if (f)
      apply(lowered, *f);  // removes op i; the next op moves into its place
    else
      ++i;
  }
}

}  // namespace mlonmcu::lowering
