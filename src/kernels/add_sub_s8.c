/* Optimized int8 ADD / SUB (elementwise.h): two table lookups per output, then the output's
 * requantization (the short exact form where it holds, channel_requant.h). On Helium 4 outputs
 * per step: the lookups are gather loads, the requantization mve_requant.h's. */
#include "add_lut.h"
#include "broadcast_walk.h"
#include "kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"
#include "mlonmcu/kernels/requantize.h"
#if MLONMCU_MVE
#include "isa/mve_requant.h"
#endif

void mlonmcu_add_sub_s8_lut(const mlonmcu_add_s8_params_t* p, int32_t sign, int32_t* lut) {
  int32_t v;
  for (v = -128; v < 128; ++v) {
    /* As the reference: offset, left shift (wrapping for hostile params), rescale. */
    const int32_t x = mlonmcu_multiply_by_quantized_multiplier(
        (int32_t)((uint32_t)(v + p->input1_offset) << (p->left_shift & 31)), p->input1_multiplier,
        p->input1_shift);
    const int32_t y = mlonmcu_multiply_by_quantized_multiplier(
        (int32_t)((uint32_t)(v + p->input2_offset) << (p->left_shift & 31)), p->input2_multiplier,
        p->input2_shift);
    lut[v + 128] = x;
    lut[256 + v + 128] = sign > 0 ? y : (int32_t)(0u - (uint32_t)y);
  }
}

int mlonmcu_add_sub_s8_short_ok(const mlonmcu_add_s8_params_t* p, const int32_t* lut) {
  int64_t max1 = 0, max2 = 0;
  int32_t i;
  for (i = 0; i < 256; ++i) {
    const int64_t a = lut[i] < 0 ? -(int64_t)lut[i] : lut[i];
    const int64_t b = lut[256 + i] < 0 ? -(int64_t)lut[256 + i] : lut[256 + i];
    max1 = a > max1 ? a : max1;
    max2 = b > max2 ? b : max2;
  }
  return max1 + max2 < ((int64_t)1 << 30) && p->output_multiplier >= 0 &&
         p->output_shift <= -1 && p->output_shift >= -20 && p->output_offset >= -128 &&
         p->output_offset <= 127;
}

void mlonmcu_add_lut_init(mlonmcu_add_lut_t* c, const mlonmcu_add_s8_params_t* p,
                          const int32_t* lut) {
  c->p = p;
  c->l1 = lut + 128;
  c->l2 = lut + 256 + 128;
  mlonmcu_requant_table(1, &p->output_multiplier, &p->output_shift, p->output_offset, 1, &c->q);
#if MLONMCU_MVE
  c->rq = mlonmcu_mve_requant_make(p->output_offset, p->act_min, p->act_max);
  c->ch = mlonmcu_mve_channels_from(&c->q, 4, 0); /* the one entry in every lane */
#endif
}

void mlonmcu_add_lut_row(const mlonmcu_add_lut_t* c, int32_t n, const int8_t* a, int32_t sa,
                         const int8_t* b, int32_t sb, int8_t* out) {
  const mlonmcu_add_s8_params_t* p = c->p;
  int32_t i = 0;
#if MLONMCU_MVE
  if (sa == 1) {
    const mlonmcu_mve_requant_t rq = c->rq;
    const mlonmcu_mve_channels_t ch = c->ch;
    for (; i < n; i += 4, a += 4, b += 4 * sb) {
      const mve_pred16_t pr = vctp32q((uint32_t)(n - i));
      const int32x4_t va = vshlq_n_s32(vldrbq_z_s32(a, pr), 2);
      int32x4_t sum = vldrwq_gather_offset_z_s32(c->l1, vreinterpretq_u32_s32(va), pr);
      if (sb == 1) {
        const int32x4_t vb = vshlq_n_s32(vldrbq_z_s32(b, pr), 2);
        sum = vaddq_s32(sum, vldrwq_gather_offset_z_s32(c->l2, vreinterpretq_u32_s32(vb), pr));
      } else {
        sum = vaddq_n_s32(sum, c->l2[*b]);
      }
      sum = p->short_requant ? mlonmcu_mve_requant_short(&rq, ch.m, ch.nrs, sum)
                             : mlonmcu_mve_requant(&rq, &ch, sum);
      vstrbq_p_s32(out + i, sum, pr);
    }
    return;
  }
#endif
  if (p->short_requant == 1) {
    for (; i < n; ++i, a += sa, b += sb) {
      const int32_t v = mlonmcu_short_requant(&c->q, (int32_t)((uint32_t)c->l1[*a] + (uint32_t)c->l2[*b]));
      out[i] = (int8_t)(v < p->act_min ? p->act_min : (v > p->act_max ? p->act_max : v));
    }
  } else {
    for (; i < n; ++i, a += sa, b += sb)
      out[i] = mlonmcu_requant_entry_apply(&c->q, (int32_t)((uint32_t)c->l1[*a] + (uint32_t)c->l2[*b]),
                                           p->short_requant, p->output_offset, p->act_min,
                                           p->act_max);
  }
}

static void add_lut_walk(const mlonmcu_add_lut_t* p, const int32_t* in1_dims, const int8_t* in1,
                         const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                         int8_t* out) {
  MLONMCU_BROADCAST_WALK(mlonmcu_add_lut_row);
}

void mlonmcu_add_sub_s8(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims,
                        const int8_t* in1, const int32_t* in2_dims, const int8_t* in2,
                        const int32_t* out_dims, int8_t* out, const int32_t* lut) {
  mlonmcu_add_lut_t c;
  mlonmcu_add_lut_init(&c, p, lut);
  add_lut_walk(&c, in1_dims, in1, in2_dims, in2, out_dims, out);
}
