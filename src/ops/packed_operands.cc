#include "ops/packed_operands.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/packing.h"
#include "mlonmcu/kernels/requantize.h"

namespace mlonmcu::ops {

namespace {

std::vector<int32_t> bias_values(const ir::Tensor* bias, int32_t n) {
  std::vector<int32_t> values(static_cast<size_t>(n), 0);
  if (bias && bias->data.size() >= values.size() * 4)
    std::memcpy(values.data(), bias->data.data(), values.size() * 4);
  return values;
}

// Every row's multiplier and shift, as the kernels' C functions take them.
struct RequantOperands {
  std::vector<int32_t> multiplier, shift;
};

RequantOperands requant_operands(const std::vector<Multiplier>& multipliers) {
  RequantOperands r;
  for (const Multiplier& m : multipliers) r.multiplier.push_back(m.multiplier), r.shift.push_back(m.shift);
  return r;
}

// The table for the layer's requantization form.
std::vector<int32_t> requant_table(const RequantOperands& r, int32_t output_offset, int32_t form) {
  std::vector<int32_t> table(r.multiplier.size() * 4);
  static_assert(sizeof(mlonmcu_requant_entry_t) == 16, "requant entries are 4 words");
  mlonmcu_requant_table(static_cast<int32_t>(r.multiplier.size()), r.multiplier.data(), r.shift.data(),
                        output_offset, form, reinterpret_cast<mlonmcu_requant_entry_t*>(table.data()));
  return table;
}

std::vector<uint8_t> pack(int32_t layout, const WeightMatrix& w) {
  std::vector<uint8_t> packed(static_cast<size_t>(mlonmcu_packed_filter_bytes(layout, w.rows, w.depth)));
  mlonmcu_pack_filter_s8(layout, w.rows, w.depth, w.data, packed.data());
  return packed;
}

// S16 where the core has no SIMD and the weights allow it, permuted where the order gains
// enough quad groups: a quad saves ~28 instructions per 3 input rows (~9 per row); the permuted
// pairing costs ~1.25 more per input value of a single row, ~1 more per value of 3 rows paired
// together (rv32imc, packing.h). S8_BLOCKED otherwise.
std::vector<uint8_t> choose_packing(KernelIsa isa, const WeightMatrix& w, int32_t& layout) {
  layout = MLONMCU_WEIGHTS_S8_BLOCKED;
  if (isa == KernelIsa::Rv32 &&
      mlonmcu_weights_fit_layout(MLONMCU_WEIGHTS_S16_PAIRED, w.rows, w.depth, w.data)) {
    layout = MLONMCU_WEIGHTS_S16_PAIRED;
    std::vector<uint8_t> paired = pack(layout, w);
    if (!w.permutable ||
        !mlonmcu_weights_fit_layout(MLONMCU_WEIGHTS_S16_PERMUTED, w.rows, w.depth, w.data))
      return paired;
    std::vector<uint8_t> permuted = pack(MLONMCU_WEIGHTS_S16_PERMUTED, w);
    const int32_t gained =
        mlonmcu_s16_quad_groups(MLONMCU_WEIGHTS_S16_PERMUTED, w.rows, w.depth, permuted.data()) -
        mlonmcu_s16_quad_groups(layout, w.rows, w.depth, paired.data());
    if (w.three_rows ? gained * 28 <= w.depth : gained * 75 <= w.depth * 10) return paired;
    layout = MLONMCU_WEIGHTS_S16_PERMUTED;
    return permuted;
  }
  return pack(layout, w);
}

}  // namespace

std::vector<Multiplier> channel_multipliers(float input_scale, const std::vector<float>& filter_scales,
                                            float output_scale) {
  std::vector<Multiplier> out;
  for (float s : filter_scales)
    out.push_back(quantize_multiplier(static_cast<double>(input_scale) * static_cast<double>(s) /
                                      static_cast<double>(output_scale)));
  return out;
}

void add_multiplier_operands(LowerContext& ctx, LoweredOp& lowered, const std::string& name,
                             const std::vector<Multiplier>& multipliers) {
  std::vector<int32_t> m, s;
  for (const Multiplier& x : multipliers) m.push_back(x.multiplier), s.push_back(x.shift);
  // name is copied first: adding tensors moves the graph's tensors (and their names).
  const std::string base = name;
  lowered.inputs.push_back(ctx.add_const_int32(base + "/channel_multiplier", m));
  lowered.inputs.push_back(ctx.add_const_int32(base + "/channel_shift", s));
}

// Rows whose output is the same for every input (trained models have channels with biases
// near 2^30 whose output always clamps) become zero weights and a small bias with that output:
// bit-exact, and the layer keeps a short requantization form (it bounds |acc| below 2^30).
// Only where the accumulator cannot wrap, so the reference's sums are the exact ones.
void constant_rows_to_bias(std::vector<int8_t>& filter, std::vector<int32_t>& bias, int32_t rows,
                           int32_t depth, int32_t input_offset,
                           const std::vector<Multiplier>& multipliers, int32_t output_offset,
                           int32_t act_min, int32_t act_max) {
  constexpr int64_t kShortBound = int64_t{1} << 30;
  auto out = [&](int32_t r, int64_t acc) {
    const int32_t v = mlonmcu_multiply_by_quantized_multiplier(static_cast<int32_t>(acc),
                                                               multipliers[r].multiplier,
                                                               multipliers[r].shift) + output_offset;
    return v < act_min ? act_min : (v > act_max ? act_max : v);
  };
  for (int32_t r = 0; r < rows && static_cast<size_t>(r) < multipliers.size(); ++r) {
    int8_t* row = filter.data() + static_cast<size_t>(r) * depth;
    int64_t sum = 0, abs_sum = 0;
    for (int32_t k = 0; k < depth; ++k) sum += row[k], abs_sum += row[k] < 0 ? -row[k] : row[k];
    const int64_t folded = int64_t{bias[r]} + int64_t{input_offset} * sum;
    const int64_t spread = 128 * abs_sum;  // inputs are int8
    const int64_t lo = folded - spread, hi = folded + spread;
    // A right shift keeps the requantization monotonic, so the ends bound every output.
    if (multipliers[r].multiplier <= 0 || multipliers[r].shift > 0 || (lo > -kShortBound && hi < kShortBound) || lo <= INT32_MIN ||
        hi >= INT32_MAX || out(r, lo) != out(r, hi))
      continue;
    for (const int64_t a : {int64_t{0}, kShortBound - 1, 1 - kShortBound}) {
      if (out(r, a) != out(r, lo)) continue;
      std::fill(row, row + depth, int8_t{0});
      bias[r] = static_cast<int32_t>(a);
      break;
    }
  }
}

PackedInfo add_packed_matrix(LowerContext& ctx, LoweredOp& lowered, const std::string& name,
                             const WeightMatrix& weights, const ir::Tensor* bias, int32_t input_offset,
                             const std::vector<Multiplier>& multipliers, int32_t output_offset,
                             int32_t act_min, int32_t act_max) {
  const std::string base = name;
  PackedInfo info;
  std::vector<int8_t> filter(weights.data, weights.data + static_cast<size_t>(weights.rows) * weights.depth);
  std::vector<int32_t> b = bias_values(bias, weights.rows);
  constant_rows_to_bias(filter, b, weights.rows, weights.depth, input_offset, multipliers, output_offset,
                        act_min, act_max);
  WeightMatrix w = weights;
  w.data = filter.data();
  const std::vector<uint8_t> packed = choose_packing(ctx.options().isa, w, info.weight_layout);
  std::vector<int32_t> folded(static_cast<size_t>(mlonmcu_packed_rows(w.rows)));
  mlonmcu_fold_bias_s8(w.rows, w.depth, w.data, b.data(), input_offset, folded.data());
  const RequantOperands r = requant_operands(multipliers);
  info.short_requant = mlonmcu_short_requant_form(w.rows, w.depth, w.data, w.depth, 1, folded.data(),
                                                  r.multiplier.data(), r.shift.data());
  lowered.inputs.push_back(ctx.add_const_bytes(base + "/packed_filter", packed));
  lowered.inputs.push_back(ctx.add_const_int32(base + "/folded_bias", folded));
  lowered.inputs.push_back(
      ctx.add_const_int32(base + "/requant", requant_table(r, output_offset, info.short_requant)));
  return info;
}

PackedInfo add_depthwise_operands(LowerContext& ctx, LoweredOp& lowered, const std::string& name,
                                  const ir::Tensor& filter, const ir::Tensor* bias,
                                  int32_t input_offset, const std::vector<Multiplier>& multipliers,
                                  int32_t output_offset) {
  const std::string base = name;
  const int32_t dims[4] = {filter.shape[0], filter.shape[1], filter.shape[2], filter.shape[3]};
  const int32_t out_c = dims[3], taps = dims[1] * dims[2];
  const auto* f = reinterpret_cast<const int8_t*>(filter.data.data());
  std::vector<int32_t> folded(static_cast<size_t>(out_c));
  const std::vector<int32_t> b = bias_values(bias, out_c);
  mlonmcu_fold_bias_depthwise_s8(dims, f, b.data(), input_offset, folded.data());
  const RequantOperands r = requant_operands(multipliers);
  PackedInfo info;
  info.short_requant = mlonmcu_short_requant_form(out_c, taps, f, 1, out_c, folded.data(),
                                                  r.multiplier.data(), r.shift.data());
  lowered.inputs.push_back(ctx.add_const_int32(base + "/folded_bias", folded));
  lowered.inputs.push_back(
      ctx.add_const_int32(base + "/requant", requant_table(r, output_offset, info.short_requant)));
  return info;
}

}  // namespace mlonmcu::ops
