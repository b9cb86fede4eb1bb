/* ONNX-style int8 kernels (see float_requant.h). */
#include "mlonmcu/kernels/float_requant.h"


/* Round half to even of |v| <= 2^22 in the default rounding mode: adding 1.5 * 2^23 leaves no
 * fraction bits, so the FPU (or soft float) rounds exactly there. */
static float round_half_even(float v) {
  const float magic = 12582912.0f;
  return (v + magic) - magic;
}

/* x / 2^s rounded half to even (0 <= s). */
static uint64_t shift_round_even(uint64_t x, int32_t s) {
  uint64_t q, r, half;
  if (s <= 0) return x;
  if (s >= 64) return 0;
  q = x >> s;
  r = x & ((((uint64_t)1) << s) - 1);
  half = ((uint64_t)1) << (s - 1);
  return (r > half || (r == half && (q & 1))) ? q + 1 : q;
}

/* x rounded half to even to a 24-bit significand: x ~ *m * 2^*e. */
static void to_float_significand(uint64_t x, uint32_t* m, int32_t* e) {
  int32_t bits = 64 - __builtin_clzll(x), s = bits > 24 ? bits - 24 : 0;
  uint64_t q = shift_round_even(x, s);
  if (q >> 24) q >>= 1, ++s; /* rounded up to 2^24 */
  *m = (uint32_t)q;
  *e = s;
}

static int32_t clamp64(int64_t v, int32_t lo, int32_t hi) { return (int32_t)(v < lo ? lo : (v > hi ? hi : v)); }

/* See float_requant.h. */
int32_t mlonmcu_scaled_round_s32(int32_t acc, float scale, int32_t lo, int32_t hi) {
  uint32_t bits, ms, ma, mp;
  int32_t es, ea, ep, exp_field;
  uint64_t mag;
  const int negative = acc < 0;
  __builtin_memcpy(&bits, &scale, 4);
  exp_field = (int32_t)((bits >> 23) & 0xff);
  if ((bits >> 31) || exp_field == 255) { /* not a positive finite scale: as the float code */
    if (exp_field == 255 && !(bits & 0x7fffff) && !(bits >> 31) && acc != 0) return negative ? lo : hi;
    return lo;
  }
  if (acc == 0 || (bits & 0x7fffffff) == 0) return clamp64(0, lo, hi);
  ms = exp_field ? (bits & 0x7fffff) | 0x800000 : bits & 0x7fffff;
  es = (exp_field ? exp_field : 1) - 150;
  to_float_significand(negative ? (uint64_t)(-(int64_t)acc) : (uint64_t)acc, &ma, &ea);
  to_float_significand((uint64_t)ma * ms, &mp, &ep);
  ep += ea + es; /* |value| = mp * 2^ep */
  if (ep > 8) mag = (uint64_t)1 << 40; /* beyond any int8 bound */
  else if (ep >= 0) mag = (uint64_t)mp << ep;
  else mag = shift_round_even(mp, -ep);
  return clamp64(negative ? -(int64_t)mag : (int64_t)mag, lo, hi);
}

/* The requantization of onnxruntime's MlasRequantizeOutput (float product, clamp, round half
 * to even, zero point added): with a hardware FPU in float, without one in integers. */
static int8_t requant(int32_t acc, float scale, int32_t zero_point, int32_t act_min, int32_t act_max) {
#if defined(__SOFTFP__) || defined(__riscv_float_abi_soft)
  return (int8_t)(mlonmcu_scaled_round_s32(acc, scale, act_min - zero_point, act_max - zero_point) + zero_point);
#else
  float v = (float)acc * scale;
  const float lo = (float)(act_min - zero_point), hi = (float)(act_max - zero_point);
  if (!(v >= lo)) v = lo; /* also NaN */
  if (v > hi) v = hi;
  return (int8_t)((int32_t)round_half_even(v) + zero_point);
#endif
}

/* Shared by conv and depthwise conv. Filters: conv [out_c, k_h, k_w, group_depth], depthwise
 * [1, k_h, k_w, out_c]; `tap_step` is the distance between a channel's taps, `in_step` between
 * the input channels of one output's group. */
static void conv_any(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4], const int8_t* input,
                     const int32_t filter_dims[4], const int8_t* filter, const int32_t* bias,
                     const int32_t out_dims[4], int8_t* output, const float* channel_scale,
                     int depthwise) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t k_h = filter_dims[1], k_w = filter_dims[2];
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t group_depth = depthwise ? 1 : filter_dims[3];
  const int32_t per_group = depthwise ? p->depth_multiplier : out_c / (in_c / group_depth);
  const int32_t tap_step = depthwise ? out_c : group_depth;
  const int32_t offset = p->input_offset;
  int32_t b, oy, ox, oc, ky, kx, k;
  for (b = 0; b < out_dims[0]; ++b)
    for (oy = 0; oy < out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_h;
      for (ox = 0; ox < out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_w;
        int8_t* out = output + ((b * out_h + oy) * out_w + ox) * out_c;
        for (oc = 0; oc < out_c; ++oc) {
          const int8_t* in_base = input + (int32_t)b * in_h * in_w * in_c + (oc / per_group) * group_depth;
          const int8_t* w_base = depthwise ? filter + oc : filter + oc * k_h * k_w * group_depth;
          int32_t acc = bias ? bias[oc] : 0;
          for (ky = 0; ky < k_h; ++ky) {
            const int32_t iy = iy0 + ky * p->dilation_h;
            if (iy < 0 || iy >= in_h) continue;
            for (kx = 0; kx < k_w; ++kx) {
              const int32_t ix = ix0 + kx * p->dilation_w;
              const int8_t* x;
              const int8_t* w;
              if (ix < 0 || ix >= in_w) continue;
              x = in_base + (iy * in_w + ix) * in_c;
              w = w_base + (ky * k_w + kx) * tap_step;
              for (k = 0; k < group_depth; ++k) acc += (x[k] + offset) * w[k];
            }
          }
          out[oc] = requant(acc, channel_scale[oc], p->output_offset, p->act_min, p->act_max);
        }
      }
    }
}

void mlonmcu_conv2d_s8_fq(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                          const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                          const int32_t* bias, const int32_t out_dims[4], int8_t* output,
                          const float* channel_scale) {
  conv_any(p, in_dims, input, filter_dims, filter, bias, out_dims, output, channel_scale, 0);
}

void mlonmcu_depthwise_conv2d_s8_fq(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                    const int8_t* input, const int32_t filter_dims[4],
                                    const int8_t* filter, const int32_t* bias,
                                    const int32_t out_dims[4], int8_t* output,
                                    const float* channel_scale) {
  conv_any(p, in_dims, input, filter_dims, filter, bias, out_dims, output, channel_scale, 1);
}

void mlonmcu_fully_connected_s8_fq(const mlonmcu_fully_connected_s8_params_t* p, int32_t batches,
                                   int32_t accum_depth, int32_t output_depth, const int8_t* input,
                                   const int8_t* filter, const int32_t* bias, int8_t* output,
                                   const float* channel_scale) {
  int32_t b, o, d;
  for (b = 0; b < batches; ++b)
    for (o = 0; o < output_depth; ++o) {
      int32_t acc = bias ? bias[o] : 0;
      for (d = 0; d < accum_depth; ++d)
        acc += (input[b * accum_depth + d] + p->input_offset) * (filter[o * accum_depth + d] + p->filter_offset);
      output[b * output_depth + o] = requant(acc, channel_scale[o], p->output_offset, p->act_min, p->act_max);
    }
}

void mlonmcu_quantize_f32_s8_fq(const mlonmcu_affine_params_t* p, int32_t size, const float* input,
                                int8_t* output) {
  int32_t i;
  const float lo = (float)(-128 - p->zero_point), hi = (float)(127 - p->zero_point);
  for (i = 0; i < size; ++i) {
    /* Clamped before rounding (the bounds are integers), NaN to the zero point. */
    float v = input[i] / p->scale;
    if (v != v) v = 0.0f;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    output[i] = (int8_t)((int32_t)round_half_even(v) + p->zero_point);
  }
}
