// The operands the optimized int8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels take
// instead of the original filter, bias and per-channel multipliers: weights re-laid out for the
// target's core, the input offset folded into the bias, and a per-channel requantization table
// (layouts: src/kernels/include/mlonmcu/kernels/packing.h, which also does the packing, so the
// layout has one owner). The reference kernels take the original operands.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ops/lower.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

// What the lowering puts into the op's params besides the operands.
struct PackedInfo {
  int32_t weight_layout = 0;  // mlonmcu_weight_layout_t
  int32_t short_requant = 0;  // mlonmcu_short_requant_form
};

// The filter's values as rows x depth int8 (row-major), for packing.
struct WeightMatrix {
  const int8_t* data = nullptr;
  int32_t rows = 0;
  int32_t depth = 0;
  // The kernel can read each input row in a permuted order (S16_PERMUTED): every row of FC and
  // conv (conv windows as one run or through a table of offsets).
  bool permutable = false;
  // It pairs input rows 3 at a time (conv pixels), so the permuted order costs little.
  bool three_rows = false;
};

// Appends packed filter, folded bias and requantization table as inputs of `lowered` for a
// CONV_2D or FULLY_CONNECTED weight matrix. bias may be null; one multiplier per row. Rows whose
// output cannot depend on the input (within act_min..act_max) are packed as zero weights with
// a bias giving that output.
PackedInfo add_packed_matrix(LowerContext& ctx, LoweredOp& lowered, const std::string& name,
                             const WeightMatrix& w, const ir::Tensor* bias, int32_t input_offset,
                             const std::vector<Multiplier>& multipliers, int32_t output_offset,
                             int32_t act_min, int32_t act_max);

// Appends folded bias and requantization table for a DEPTHWISE_CONV_2D filter
// [1, kh, kw, out_c] (the kernel reads the original filter).
PackedInfo add_depthwise_operands(LowerContext& ctx, LoweredOp& lowered, const std::string& name,
                                  const ir::Tensor& filter, const ir::Tensor* bias,
                                  int32_t input_offset, const std::vector<Multiplier>& multipliers,
                                  int32_t output_offset);

// The multipliers of the reference kernels' per-channel operands, as two int32 inputs.
void add_multiplier_operands(LowerContext& ctx, LoweredOp& lowered, const std::string& name,
                             const std::vector<Multiplier>& multipliers);

// One multiplier per filter scale, from double(input_scale) * double(filter_scale) /
// double(output_scale) as TFLite-Micro's per-channel Prepare does.
std::vector<Multiplier> channel_multipliers(float input_scale,
                                            const std::vector<float>& filter_scales,
                                            float output_scale);

}  // namespace mlonmcu::ops
