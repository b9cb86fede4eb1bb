/* The randomized equivalence suite (equivalence.h). Each case: a random shape and quantization,
 * the reference kernel's output, then the optimized kernel on the prepared operands
 * (packing.h) in every weight layout the weights fit, byte for byte against the reference. */
#include "equivalence.h"

#include <stdio.h>
#include <string.h>

#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/kernels/packing.h"

enum {
  kMaxIn = 2 * 11 * 11 * 40,
  kMaxFilter = 16 * 4 * 4 * 40,
  kMaxOut = 2 * 13 * 13 * 48,
  kMaxChannels = 64
};

static int8_t g_in[kMaxIn];
static int8_t g_filter[kMaxFilter];
/* S16 layouts: 2 bytes per weight of rows padded to 4 and an even depth, the quad bits and
 * S16_PERMUTED's 2 bytes per depth position: at most 10 bytes per filter byte (1 row). */
static int32_t g_packed[10 * kMaxFilter / 4 + 64];
static int8_t g_ref[kMaxOut], g_opt[kMaxOut];
static int8_t g_conv[kMaxOut], g_skip[kMaxOut]; /* fused residual ADD: conv result, skip */
static int32_t g_lut[MLONMCU_ADD_LUT_SIZE];
static int32_t g_bias[kMaxChannels], g_folded[kMaxChannels + 4];
static int32_t g_mult[kMaxChannels], g_shift[kMaxChannels];
static mlonmcu_requant_entry_t g_table[kMaxChannels];

typedef struct {
  uint32_t state;
  mlonmcu_equivalence_result_t result;
  void (*report)(const char* line);
} eq_t;

static uint32_t next(eq_t* e) { /* xorshift32 */
  uint32_t x = e->state;
  x ^= x << 13, x ^= x >> 17, x ^= x << 5;
  return e->state = x;
}

static int32_t uniform(eq_t* e, int32_t lo, int32_t hi) { /* [lo, hi] */
  return lo + (int32_t)(next(e) % (uint32_t)(hi - lo + 1));
}

/* int8 values, a few at the extremes. */
static void fill_bytes(eq_t* e, int8_t* p, int32_t n, int allow_min) {
  int32_t i;
  for (i = 0; i < n; ++i) {
    const int32_t r = uniform(e, 0, 15);
    p[i] = (int8_t)(r == 0 ? 127 : (r == 1 && allow_min ? -128 : uniform(e, -127, 127)));
  }
}

/* Per-channel requantization: mostly what TFLite derives, sometimes extreme. */
static void fill_quant(eq_t* e, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i) {
    const int32_t r = uniform(e, 0, 9);
    g_mult[i] = r == 0 ? 0 : (r == 1 ? INT32_MAX : (int32_t)((1u << 30) + (next(e) >> 2)));
    g_shift[i] = r == 2 ? uniform(e, 0, 8) : (r == 3 ? uniform(e, -31, -21) : uniform(e, -12, -1));
    g_bias[i] = r == 4 ? (int32_t)next(e) : uniform(e, -20000, 20000);
    /* Trained models have dead channels (zero multiplier) and live ones with huge biases. */
    if (r == 5) g_mult[i] = 0, g_shift[i] = uniform(e, -31, 8);
    if (r == 5 || r == 6) g_bias[i] = uniform(e, 0, 1) ? (1 << 30) : -(1 << 30);
  }
}

static void act_range(eq_t* e, int32_t* lo, int32_t* hi) {
  if (uniform(e, 0, 2) > 0) {
    *lo = -128, *hi = 127;
  } else {
    *lo = uniform(e, -128, 0), *hi = uniform(e, *lo, 127);
  }
}

static void compare(eq_t* e, const char* kernel, int32_t layout, int32_t n) {
  char line[160];
  int32_t i;
  ++e->result.variants;
  for (i = 0; i < n && g_ref[i] == g_opt[i]; ++i) {
  }
  if (i == n) return;
  ++e->result.mismatches;
  if (!e->report) return;
  snprintf(line, sizeof line, "%s layout %d case %d: output %d is %d, reference %d", kernel,
           (int)layout, (int)e->result.cases, (int)i, (int)g_opt[i], (int)g_ref[i]);
  e->report(line);
}

/* The folded bias and requantization table of g_filter as a rows x depth matrix (conv, FC);
 * returns the requantization form. */
static int32_t prepare_matrix(int32_t rows, int32_t depth, int32_t input_offset,
                              int32_t output_offset) {
  int32_t form;
  mlonmcu_fold_bias_s8(rows, depth, g_filter, g_bias, input_offset, g_folded);
  form = mlonmcu_short_requant_form(rows, depth, g_filter, depth, 1, g_folded, g_mult, g_shift);
  mlonmcu_requant_table(rows, g_mult, g_shift, output_offset, form, g_table);
  return form;
}

/* Output extent of a window of k taps, dilation d, stride s over n inputs with `pad` before. */
static int32_t out_extent(int32_t n, int32_t k, int32_t d, int32_t s, int32_t pad_total) {
  const int32_t span = (k - 1) * d + 1;
  return n + pad_total < span ? 0 : (n + pad_total - span) / s + 1;
}

/* Window, stride, dilation and padding along one axis; returns the output extent (>= 1). */
static int32_t pick_axis(eq_t* e, int32_t n, int32_t* k, int32_t* s, int32_t* d, int32_t* pad) {
  for (;;) {
    int32_t total, out;
    *k = uniform(e, 1, 4), *s = uniform(e, 1, 3), *d = uniform(e, 0, 4) == 0 ? 2 : 1;
    total = uniform(e, 0, 2) == 0 ? 0 : uniform(e, 0, 2 * (*k - 1) * *d);
    *pad = total / 2;
    out = out_extent(n, *k, *d, *s, total);
    if (out >= 1) return out;
  }
}

static int32_t pick_channels(eq_t* e) {
  static const int32_t kAligned[6] = {4, 8, 16, 16, 32, 40};
  return uniform(e, 0, 1) == 0 ? kAligned[uniform(e, 0, 5)] : uniform(e, 1, 20);
}

/* ADD params with TFLite's shapes (20-bit headroom, input multipliers below one), some
 * extreme. */
static void random_add_params(eq_t* e, mlonmcu_add_s8_params_t* p) {
  p->left_shift = uniform(e, 0, 5) == 0 ? uniform(e, 0, 22) : 20;
  p->input1_offset = uniform(e, -127, 128), p->input2_offset = uniform(e, -127, 128);
  p->output_offset = uniform(e, -128, 127);
  p->input1_multiplier = (int32_t)((1u << 30) + (next(e) >> 2)), p->input1_shift = uniform(e, -6, 0);
  p->input2_multiplier = (int32_t)((1u << 30) + (next(e) >> 2)), p->input2_shift = uniform(e, -6, 0);
  p->output_multiplier = (int32_t)((1u << 30) + (next(e) >> 2));
  p->output_shift = uniform(e, 0, 4) == 0 ? uniform(e, -31, -1) : uniform(e, -21, -15);
  act_range(e, &p->act_min, &p->act_max);
}

/* The optimized CONV_2D with a residual ADD fused in (operands in p->conv's layout, already in
 * g_packed / g_folded / g_table; the reference conv's output in g_conv): against the reference
 * ADD of g_conv and a random skip, once into its own buffer, once over the skip. */
static void conv_add_variant(eq_t* e, mlonmcu_conv_add_s8_params_t* p, const int32_t in_dims[4],
                             const int32_t out_dims[4], int32_t n_out) {
  int32_t d[MLONMCU_KERNELS_BROADCAST_RANK];
  mlonmcu_broadcast_extend_dims(4, out_dims, d);
  fill_bytes(e, g_skip, n_out, 1);
  random_add_params(e, &p->add);
  mlonmcu_add_s8_ref(&p->add, d, g_conv, d, g_skip, d, g_ref);
  mlonmcu_add_sub_s8_lut(&p->add, 1, g_lut);
  p->add.short_requant = mlonmcu_add_sub_s8_short_ok(&p->add, g_lut);
  memset(g_opt, 0x55, (size_t)n_out);
  mlonmcu_conv2d_add_s8(p, in_dims, g_in, g_packed, g_folded, out_dims, g_opt, g_table, g_lut,
                        g_skip);
  compare(e, "conv2d_add_s8", p->conv.weight_layout, n_out);
  memcpy(g_opt, g_skip, (size_t)n_out);
  mlonmcu_conv2d_add_s8(p, in_dims, g_in, g_packed, g_folded, out_dims, g_opt, g_table, g_lut,
                        g_opt);
  compare(e, "conv2d_add_s8 in place", p->conv.weight_layout, n_out);
}

static void conv_case(eq_t* e, int depthwise) {
  mlonmcu_conv_s8_params_t p;
  int32_t in_dims[4], f_dims[4], out_dims[4], kh, kw, n_in, n_f, n_out, rows, depth, layout;
  memset(&p, 0, sizeof p);
  in_dims[0] = uniform(e, 1, 2), in_dims[1] = uniform(e, 1, 11), in_dims[2] = uniform(e, 1, 11);
  in_dims[3] = pick_channels(e);
  p.depth_multiplier = depthwise && in_dims[3] <= 16 ? uniform(e, 1, 2) : 1;
  out_dims[0] = in_dims[0];
  out_dims[1] = pick_axis(e, in_dims[1], &kh, &p.stride_h, &p.dilation_h, &p.pad_h);
  out_dims[2] = pick_axis(e, in_dims[2], &kw, &p.stride_w, &p.dilation_w, &p.pad_w);
  out_dims[3] = depthwise ? in_dims[3] * p.depth_multiplier : uniform(e, 1, 16);
  if (out_dims[1] > 13 || out_dims[2] > 13) return;
  f_dims[0] = depthwise ? 1 : out_dims[3], f_dims[1] = kh, f_dims[2] = kw;
  f_dims[3] = depthwise ? out_dims[3] : in_dims[3];
  n_in = in_dims[0] * in_dims[1] * in_dims[2] * in_dims[3];
  n_f = f_dims[0] * kh * kw * f_dims[3];
  n_out = out_dims[0] * out_dims[1] * out_dims[2] * out_dims[3];
  if (n_in > kMaxIn || n_f > kMaxFilter || n_out > kMaxOut || out_dims[3] > kMaxChannels) return;
  ++e->result.cases;
  fill_bytes(e, g_in, n_in, 1);
  fill_bytes(e, g_filter, n_f, uniform(e, 0, 1));
  fill_quant(e, out_dims[3]);
  p.input_offset = uniform(e, -127, 128), p.output_offset = uniform(e, -128, 127);
  act_range(e, &p.act_min, &p.act_max);
  rows = out_dims[3];
  depth = depthwise ? kh * kw : kh * kw * in_dims[3];
  p.filter_h = kh, p.filter_w = kw;
  if (depthwise) {
    mlonmcu_depthwise_conv2d_s8_ref(&p, in_dims, g_in, f_dims, g_filter, g_bias, out_dims, g_ref,
                                    g_mult, g_shift);
    mlonmcu_fold_bias_depthwise_s8(f_dims, g_filter, g_bias, p.input_offset, g_folded);
    p.short_requant = mlonmcu_short_requant_form(rows, depth, g_filter, 1, rows, g_folded, g_mult,
                                                 g_shift);
    mlonmcu_requant_table(rows, g_mult, g_shift, p.output_offset, p.short_requant, g_table);
    memset(g_opt, 0x55, (size_t)n_out);
    mlonmcu_depthwise_conv2d_s8(&p, in_dims, g_in, f_dims, g_filter, g_folded, out_dims, g_opt,
                                g_table);
    compare(e, "depthwise_conv2d_s8", 0, n_out);
    return;
  }
  mlonmcu_conv2d_s8_ref(&p, in_dims, g_in, f_dims, g_filter, g_bias, out_dims, g_ref, g_mult,
                        g_shift);
  p.short_requant = prepare_matrix(rows, depth, p.input_offset, p.output_offset);
  memcpy(g_conv, g_ref, (size_t)n_out);
  for (layout = MLONMCU_WEIGHTS_S8_BLOCKED; layout <= MLONMCU_WEIGHTS_S16_PERMUTED; ++layout) {
    if (!mlonmcu_weights_fit_layout(layout, rows, depth, g_filter)) continue;
    mlonmcu_pack_filter_s8(layout, rows, depth, g_filter, g_packed);
    p.weight_layout = layout;
    memset(g_opt, 0x55, (size_t)n_out);
    mlonmcu_conv2d_s8(&p, in_dims, g_in, g_packed, g_folded, out_dims, g_opt, g_table);
    compare(e, "conv2d_s8", layout, n_out);
    if (uniform(e, 0, 2) == 0) {
      mlonmcu_conv_add_s8_params_t fused;
      memset(&fused, 0, sizeof fused);
      fused.conv = p;
      conv_add_variant(e, &fused, in_dims, out_dims, n_out);
      memcpy(g_ref, g_conv, (size_t)n_out);
    }
  }
}

static void fc_case(eq_t* e) {
  mlonmcu_fully_connected_s8_params_t p;
  const int32_t batches = uniform(e, 1, 3), depth = uniform(e, 0, 3) == 0 ? uniform(e, 1, 8) : uniform(e, 1, 200);
  const int32_t units = uniform(e, 1, 14);
  int32_t layout;
  if (batches * depth > kMaxIn || units * depth > kMaxFilter) return;
  memset(&p, 0, sizeof p);
  ++e->result.cases;
  fill_bytes(e, g_in, batches * depth, 1);
  fill_bytes(e, g_filter, units * depth, uniform(e, 0, 1));
  fill_quant(e, units);
  p.input_offset = uniform(e, -127, 128), p.output_offset = uniform(e, -128, 127);
  act_range(e, &p.act_min, &p.act_max);
  mlonmcu_fully_connected_s8_ref(&p, batches, depth, units, g_in, g_filter, g_bias, g_ref, g_mult,
                                 g_shift);
  p.short_requant = prepare_matrix(units, depth, p.input_offset, p.output_offset);
  for (layout = MLONMCU_WEIGHTS_S8_BLOCKED; layout <= MLONMCU_WEIGHTS_S16_PERMUTED; ++layout) {
    if (!mlonmcu_weights_fit_layout(layout, units, depth, g_filter)) continue;
    mlonmcu_pack_filter_s8(layout, units, depth, g_filter, g_packed);
    p.weight_layout = layout;
    p.accum_depth = depth, p.output_depth = units;
    memset(g_opt, 0x55, (size_t)(batches * units));
    mlonmcu_fully_connected_s8(&p, batches, depth, units, g_in, g_packed, g_folded, g_opt, g_table);
    compare(e, "fully_connected_s8", layout, batches * units);
  }
}

/* ADD / SUB with random_add_params and broadcasting of either input along random
 * dimensions. */
static void add_case(eq_t* e) {
  mlonmcu_add_s8_params_t p;
  int32_t d1[MLONMCU_KERNELS_BROADCAST_RANK], d2[MLONMCU_KERNELS_BROADCAST_RANK];
  int32_t dout[MLONMCU_KERNELS_BROADCAST_RANK];
  int32_t i, n1 = 1, n2 = 1, n_out = 1;
  const int sub = uniform(e, 0, 1);
  memset(&p, 0, sizeof p);
  for (i = 0; i < MLONMCU_KERNELS_BROADCAST_RANK; ++i) {
    const int32_t r = uniform(e, 0, 5);
    dout[i] = i < 2 ? 1 : uniform(e, 1, 7);
    d1[i] = r == 0 ? 1 : dout[i];
    d2[i] = r == 1 || r == 2 ? 1 : dout[i];
    n1 *= d1[i], n2 *= d2[i], n_out *= dout[i];
  }
  if (n_out > kMaxOut || n1 > kMaxIn || n2 > kMaxFilter) return;
  ++e->result.cases;
  fill_bytes(e, g_in, n1, 1);
  fill_bytes(e, g_filter, n2, 1);
  random_add_params(e, &p);
  (sub ? mlonmcu_sub_s8_ref : mlonmcu_add_s8_ref)(&p, d1, g_in, d2, g_filter, dout, g_ref);
  mlonmcu_add_sub_s8_lut(&p, sub ? -1 : 1, g_lut);
  p.short_requant = mlonmcu_add_sub_s8_short_ok(&p, g_lut);
  memset(g_opt, 0x55, (size_t)n_out);
  mlonmcu_add_sub_s8(&p, d1, g_in, d2, g_filter, dout, g_opt, g_lut);
  compare(e, sub ? "sub_s8" : "add_s8", 0, n_out);
}

mlonmcu_equivalence_result_t mlonmcu_equivalence_run(uint32_t seed, int32_t cases,
                                                     void (*report)(const char* line)) {
  eq_t e;
  int32_t i;
  memset(&e, 0, sizeof e);
  e.state = seed ? seed : 1u;
  e.report = report;
  for (i = 0; i < cases; ++i) {
    conv_case(&e, 0);
    conv_case(&e, 1);
    fc_case(&e);
    add_case(&e);
  }
  return e.result;
}
