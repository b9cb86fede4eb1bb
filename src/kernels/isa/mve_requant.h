/* Internal: TFLite's requantization of 4 channels at once with Helium, bit-exact with
 * mlonmcu_multiply_by_quantized_multiplier + output offset + clamp for every accumulator and
 * every multiplier/shift the runtime accepts:
 * - the left shift (shift > 0) wraps like the scalar code (VSHL);
 * - TFLite's saturating rounding doubling high multiply is exactly VQRDMULH: both are
 *   floor((x * m + 2^30) / 2^31) for any signs (channel_requant.h), saturating the one case
 *   INT32_MIN * INT32_MIN;
 * - its rounding right shift by rs, half away from zero, is VRSHL by -rs (rounding half up)
 *   after subtracting 1 from negative values when rs > 0 (saturating: for INT32_MIN both give
 *   the same result). */
#ifndef MLONMCU_KERNELS_ISA_MVE_REQUANT_H_
#define MLONMCU_KERNELS_ISA_MVE_REQUANT_H_

#include <arm_mve.h>

#include "../gemm.h"
#include "../kernel_util.h"

typedef struct {
  int32x4_t zp, lo, hi;
} mlonmcu_mve_requant_t;

/* One block of 4 channels' requantization values. */
typedef struct {
  int32x4_t m, ls, nrs, fix_mask;
} mlonmcu_mve_channels_t;

static MLONMCU_ALWAYS_INLINE mlonmcu_mve_requant_t mlonmcu_mve_requant_make(int32_t output_offset,
                                                                         int32_t act_min,
                                                                         int32_t act_max) {
  mlonmcu_mve_requant_t r;
  r.zp = vdupq_n_s32(output_offset);
  r.lo = vdupq_n_s32(act_min);
  r.hi = vdupq_n_s32(act_max);
  return r;
}

/* 4 channels' entries of a requantization table, `stride` entries apart from table[0]
 * (entries past `count` read as 0). */
static MLONMCU_ALWAYS_INLINE mlonmcu_mve_channels_t
mlonmcu_mve_channels_from(const mlonmcu_requant_entry_t* table, int32_t count, uint32_t stride) {
  const uint32x4_t off = vmulq_n_u32(vidupq_n_u32(0, 1), 16u * stride); /* 16-byte entries */
  const mve_pred16_t p = vctp32q((uint32_t)count);
  const int32x4_t shift = vldrwq_gather_offset_z_s32(&table[0].shift, off, p);
  const int32x4_t zero = vdupq_n_s32(0);
  mlonmcu_mve_channels_t c;
  c.m = vldrwq_gather_offset_z_s32(&table[0].multiplier, off, p);
  c.ls = vmaxq_s32(shift, zero);
  c.nrs = vminq_s32(shift, zero);
  c.fix_mask = vpselq_s32(vdupq_n_s32(-1), zero, vcmpltq_n_s32(shift, 0));
  return c;
}

static MLONMCU_ALWAYS_INLINE mlonmcu_mve_channels_t mlonmcu_mve_channels_load(const mlonmcu_gemm_t* g,
                                                                        int32_t first) {
  const int32_t left = g->rows - first;
  return mlonmcu_mve_channels_from(g->requant + first, left < 4 ? left : 4, 1);
}

static MLONMCU_ALWAYS_INLINE int32x4_t mlonmcu_mve_lanes(const int32_t a[4]) {
  int32x4_t v = vdupq_n_s32(a[0]);
  v = vsetq_lane_s32(a[1], v, 1);
  v = vsetq_lane_s32(a[2], v, 2);
  return vsetq_lane_s32(a[3], v, 3);
}

static MLONMCU_ALWAYS_INLINE int32x4_t mlonmcu_mve_requant(const mlonmcu_mve_requant_t* r,
                                                     const mlonmcu_mve_channels_t* c,
                                                     int32x4_t acc) {
  int32x4_t h = vqrdmulhq_s32(vshlq_s32(acc, c->ls), c->m);
  h = vqaddq_s32(h, vandq_s32(vshrq_n_s32(h, 31), c->fix_mask));
  h = vaddq_s32(vrshlq_s32(h, c->nrs), r->zp);
  return vminq_s32(vmaxq_s32(h, r->lo), r->hi);
}

/* The short form (channel_requant.h: shift in [-20, -1], so no left shift and every lane
 * rounds), with fewer vector registers live. */
static MLONMCU_ALWAYS_INLINE int32x4_t mlonmcu_mve_requant_short(const mlonmcu_mve_requant_t* r,
                                                           int32x4_t m, int32x4_t nrs,
                                                           int32x4_t acc) {
  int32x4_t h = vqrdmulhq_s32(acc, m);
  h = vqaddq_s32(h, vshrq_n_s32(h, 31));
  h = vaddq_s32(vrshlq_s32(h, nrs), r->zp);
  return vminq_s32(vmaxq_s32(h, r->lo), r->hi);
}

/* The short form with the fewest vector registers live: the zero point as a scalar, and for an
 * activation range of all of int8 the clamp as a saturating shift pair instead of two constant
 * vectors (VQSHL by 24 saturates exactly outside [-128, 127]). */
static MLONMCU_ALWAYS_INLINE int32x4_t mlonmcu_mve_requant_short_lean(int32x4_t acc, int32x4_t m,
                                                                int32x4_t nrs, int32_t zp,
                                                                int full_range, int32_t lo,
                                                                int32_t hi) {
  int32x4_t h = vqrdmulhq_s32(acc, m);
  h = vqaddq_s32(h, vshrq_n_s32(h, 31));
  h = vaddq_n_s32(vrshlq_s32(h, nrs), zp);
  if (full_range) return vshrq_n_s32(vqshlq_n_s32(h, 24), 24);
  return vminq_s32(vmaxq_s32(h, vdupq_n_s32(lo)), vdupq_n_s32(hi));
}

/* Requantizes and stores the first n (1..4) lanes as int8 at out. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_mve_requant_store(const mlonmcu_mve_requant_t* r,
                                                      const mlonmcu_mve_channels_t* c,
                                                      int32x4_t acc, int8_t* out, int32_t n) {
  const int32x4_t v = mlonmcu_mve_requant(r, c, acc);
  if (n == 4)
    vstrbq_s32(out, v);
  else
    vstrbq_p_s32(out, v, vctp32q((uint32_t)n));
}

#endif /* MLONMCU_KERNELS_ISA_MVE_REQUANT_H_ */
