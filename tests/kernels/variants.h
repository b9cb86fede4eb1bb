// Runs one int8 CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED case through every kernel variant:
// the reference kernel on the original operands, and the optimized kernel with the operands the
// lowering would prepare (packing.h) in every weight layout that can hold the weights. Tests
// compare each variant's output with an expected one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/kernels/packing.h"

namespace mlonmcu::test {

struct VariantOutput {
  std::string name;
  std::vector<int8_t> out;
};

// Per-channel multipliers and shifts for n channels: the given arrays, or the params' per-tensor
// values repeated when the arrays are null.
inline void channel_quant(int32_t n, const int32_t* mult, const int32_t* shift, int32_t pm, int32_t ps,
                          std::vector<int32_t>& m, std::vector<int32_t>& s) {
  m.assign(static_cast<size_t>(n), pm), s.assign(static_cast<size_t>(n), ps);
  for (int32_t i = 0; mult && i < n; ++i) m[i] = mult[i], s[i] = shift[i];
}

inline std::vector<mlonmcu_requant_entry_t> requant_entries(const std::vector<int32_t>& m,
                                                            const std::vector<int32_t>& s,
                                                            int32_t output_offset, int32_t form) {
  std::vector<mlonmcu_requant_entry_t> table(m.size());
  mlonmcu_requant_table(static_cast<int32_t>(m.size()), m.data(), s.data(), output_offset, form,
                        table.data());
  return table;
}

inline std::vector<int32_t> layouts_for(int32_t rows, int32_t depth, const int8_t* filter) {
  std::vector<int32_t> out = {MLONMCU_WEIGHTS_S8_BLOCKED};
  for (int32_t layout : {MLONMCU_WEIGHTS_S16_PAIRED, MLONMCU_WEIGHTS_S16_PERMUTED})
    if (mlonmcu_weights_fit_layout(layout, rows, depth, filter)) out.push_back(layout);
  return out;
}

// The optimized CONV_2D's operands as the lowering prepares them, in one weight layout.
struct PreparedConv {
  mlonmcu_conv_s8_params_t p;
  std::vector<int32_t> packed, folded;
  std::vector<mlonmcu_requant_entry_t> table;
};

inline PreparedConv prepare_conv(mlonmcu_conv_s8_params_t p, const int32_t f_dims[4], const int8_t* f,
                                 const int32_t* bias, const int32_t* mult, const int32_t* shift,
                                 int32_t layout) {
  const int32_t rows = f_dims[0], depth = f_dims[1] * f_dims[2] * f_dims[3];
  PreparedConv c;
  std::vector<int32_t> m, s;
  channel_quant(rows, mult, shift, p.output_multiplier, p.output_shift, m, s);
  c.folded.resize(static_cast<size_t>(mlonmcu_packed_rows(rows)));
  mlonmcu_fold_bias_s8(rows, depth, f, bias, p.input_offset, c.folded.data());
  p.short_requant = mlonmcu_short_requant_form(rows, depth, f, depth, 1, c.folded.data(), m.data(), s.data());
  c.table = requant_entries(m, s, p.output_offset, p.short_requant);
  p.filter_h = f_dims[1], p.filter_w = f_dims[2];
  c.packed.resize((mlonmcu_packed_filter_bytes(layout, rows, depth) + 3) / 4 + 1);
  mlonmcu_pack_filter_s8(layout, rows, depth, f, c.packed.data());
  p.weight_layout = layout;
  c.p = p;
  return c;
}

inline std::vector<VariantOutput> conv_variants(mlonmcu_conv_s8_params_t p, const int32_t in_dims[4],
                                                const int8_t* in, const int32_t f_dims[4], const int8_t* f,
                                                const int32_t* bias, const int32_t out_dims[4],
                                                const int32_t* mult, const int32_t* shift) {
  const size_t n_out = static_cast<size_t>(out_dims[0]) * out_dims[1] * out_dims[2] * out_dims[3];
  std::vector<VariantOutput> result;
  result.push_back({"reference", std::vector<int8_t>(n_out, 99)});
  mlonmcu_conv2d_s8_ref(&p, in_dims, in, f_dims, f, bias, out_dims, result.back().out.data(), mult, shift);
  const int32_t rows = f_dims[0], depth = f_dims[1] * f_dims[2] * f_dims[3];
  if (f_dims[3] != in_dims[3] || depth > MLONMCU_CONV_MAX_DEPTH) return result;  // reference only
  for (int32_t layout : layouts_for(rows, depth, f)) {
    const PreparedConv c = prepare_conv(p, f_dims, f, bias, mult, shift, layout);
    result.push_back({"optimized layout " + std::to_string(layout), std::vector<int8_t>(n_out, 99)});
    mlonmcu_conv2d_s8(&c.p, in_dims, in, c.packed.data(), c.folded.data(), out_dims,
                      result.back().out.data(), c.table.data());
  }
  return result;
}

inline std::vector<VariantOutput> depthwise_variants(mlonmcu_conv_s8_params_t p, const int32_t in_dims[4],
                                                     const int8_t* in, const int32_t f_dims[4],
                                                     const int8_t* f, const int32_t* bias,
                                                     const int32_t out_dims[4], const int32_t* mult,
                                                     const int32_t* shift) {
  const size_t n_out = static_cast<size_t>(out_dims[0]) * out_dims[1] * out_dims[2] * out_dims[3];
  std::vector<VariantOutput> result;
  result.push_back({"reference", std::vector<int8_t>(n_out, 99)});
  mlonmcu_depthwise_conv2d_s8_ref(&p, in_dims, in, f_dims, f, bias, out_dims, result.back().out.data(),
                                  mult, shift);
  const int32_t channels = out_dims[3], taps = f_dims[1] * f_dims[2];
  std::vector<int32_t> m, s;
  channel_quant(channels, mult, shift, p.output_multiplier, p.output_shift, m, s);
  std::vector<int32_t> folded(static_cast<size_t>(channels));
  mlonmcu_fold_bias_depthwise_s8(f_dims, f, bias, p.input_offset, folded.data());
  p.short_requant = mlonmcu_short_requant_form(channels, taps, f, 1, channels, folded.data(), m.data(), s.data());
  const auto table = requant_entries(m, s, p.output_offset, p.short_requant);
  result.push_back({"optimized", std::vector<int8_t>(n_out, 99)});
  mlonmcu_depthwise_conv2d_s8(&p, in_dims, in, f_dims, f, folded.data(), out_dims, result.back().out.data(),
                              table.data());
  return result;
}

inline std::vector<VariantOutput> fc_variants(mlonmcu_fully_connected_s8_params_t p, int32_t batches,
                                              int32_t depth, int32_t units, const int8_t* in, const int8_t* f,
                                              const int32_t* bias, const int32_t* mult, const int32_t* shift) {
  const size_t n_out = static_cast<size_t>(batches) * units;
  std::vector<VariantOutput> result;
  result.push_back({"reference", std::vector<int8_t>(n_out, 99)});
  mlonmcu_fully_connected_s8_ref(&p, batches, depth, units, in, f, bias, result.back().out.data(), mult, shift);
  if (p.filter_offset != 0 || depth > MLONMCU_FC_MAX_DEPTH) return result;  // reference only
  std::vector<int32_t> m, s;
  channel_quant(units, mult, shift, p.output_multiplier, p.output_shift, m, s);
  std::vector<int32_t> folded(static_cast<size_t>(mlonmcu_packed_rows(units)));
  mlonmcu_fold_bias_s8(units, depth, f, bias, p.input_offset, folded.data());
  p.short_requant = mlonmcu_short_requant_form(units, depth, f, depth, 1, folded.data(), m.data(), s.data());
  const auto table = requant_entries(m, s, p.output_offset, p.short_requant);
  for (int32_t layout : layouts_for(units, depth, f)) {
    std::vector<int32_t> packed((mlonmcu_packed_filter_bytes(layout, units, depth) + 3) / 4 + 1);
    mlonmcu_pack_filter_s8(layout, units, depth, f, packed.data());
    p.weight_layout = layout;
    p.accum_depth = depth, p.output_depth = units;
    result.push_back({"optimized layout " + std::to_string(layout), std::vector<int8_t>(n_out, 99)});
    mlonmcu_fully_connected_s8(&p, batches, depth, units, in, packed.data(), folded.data(),
                               result.back().out.data(), table.data());
  }
  return result;
}

// ADD (sub = false) or SUB: the reference kernel and the optimized one with its table.
inline std::vector<VariantOutput> add_variants(mlonmcu_add_s8_params_t p, bool sub, const int32_t* d1,
                                               const int8_t* a, const int32_t* d2, const int8_t* b,
                                               const int32_t* dout) {
  size_t n_out = 1;
  for (int i = 0; i < MLONMCU_KERNELS_BROADCAST_RANK; ++i) n_out *= static_cast<size_t>(dout[i]);
  std::vector<VariantOutput> result;
  result.push_back({"reference", std::vector<int8_t>(n_out, 99)});
  (sub ? mlonmcu_sub_s8_ref : mlonmcu_add_s8_ref)(&p, d1, a, d2, b, dout, result.back().out.data());
  std::vector<int32_t> lut(MLONMCU_ADD_LUT_SIZE);
  mlonmcu_add_sub_s8_lut(&p, sub ? -1 : 1, lut.data());
  p.short_requant = mlonmcu_add_sub_s8_short_ok(&p, lut.data());
  result.push_back({"optimized", std::vector<int8_t>(n_out, 99)});
  mlonmcu_add_sub_s8(&p, d1, a, d2, b, dout, result.back().out.data(), lut.data());
  return result;
}

}  // namespace mlonmcu::test
