/* FULLY_CONNECTED as in TFLite-Micro's reference kernels: one dot product per (batch, unit),
 * bias after the sum, then requantization (int8) or the activation clamp (float). The int8
 * sums are exact modulo 2^32, so computing four units per pass (and adding the bias first)
 * gives TFLite's results bit for bit. */
#include "mlonmcu/kernels/fully_connected.h"

#include "kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"

/* FC_NOINLINE: the dot products stay out of the unit loop where GCC would otherwise share
 * their registers with the requantization state and spill on rv32 (toycar: 1.20M inline, 1.11M
 * out of line); dot_4units stays inline on Arm, where that measured faster. FC_KEEP_ORDER: see
 * the RISC-V loop below. */
#if defined(__GNUC__)
#define FC_NOINLINE __attribute__((noinline))
#define FC_KEEP_ORDER(...) __asm__("" : __VA_ARGS__)
#else
#define FC_NOINLINE
#define FC_KEEP_ORDER(...) ((void)0)
#endif
#if !MLONMCU_POST_INCREMENT_LOADS
#define FC_DOT4_NOINLINE FC_NOINLINE
#else
#define FC_DOT4_NOINLINE
#endif

/* Dot products of one input row x with 4 filter rows (units o..o+3) at once: every input byte
 * (with its offset added once) feeds 4 multiply-adds. Filter rows are `depth` apart. */
static FC_DOT4_NOINLINE void dot_4units(const int8_t* x, const int8_t* f, int32_t depth,
                                        int32_t input_offset, uint32_t acc[4]) {
  const int8_t* f0 = f;
  const int8_t* f1 = f0 + depth;
  const int8_t* f2 = f1 + depth;
  const int8_t* f3 = f2 + depth;
  uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int32_t d = depth;
#if !MLONMCU_POST_INCREMENT_LOADS
  /* Eight (then four) input bytes per pass: the five pointer increments and the loop branch are
   * shared by 32 multiply-adds instead of 8 (loads use immediate offsets on RISC-V). The empty
   * asm keeps GCC from hoisting the loads of all steps (see conv_blocks_portable.h), which
   * spills: toycar rv32 1.25M -> 1.11M. */
#define FC_STEP(k)                                                                      \
  do {                                                                                  \
    const int32_t u = (int32_t)x[k] + input_offset;                                     \
    a0 += (uint32_t)(u * f0[k]), a1 += (uint32_t)(u * f1[k]);                           \
    a2 += (uint32_t)(u * f2[k]), a3 += (uint32_t)(u * f3[k]);                           \
    FC_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(x), "+r"(f0), "+r"(f1), \
                  "+r"(f2), "+r"(f3));                                                  \
  } while (0)
  for (; d >= 8; d -= 8) {
    FC_STEP(0);
    FC_STEP(1);
    FC_STEP(2);
    FC_STEP(3);
    FC_STEP(4);
    FC_STEP(5);
    FC_STEP(6);
    FC_STEP(7);
    x += 8, f0 += 8, f1 += 8, f2 += 8, f3 += 8;
  }
  for (; d >= 4; d -= 4) {
    FC_STEP(0);
    FC_STEP(1);
    FC_STEP(2);
    FC_STEP(3);
    x += 4, f0 += 4, f1 += 4, f2 += 4, f3 += 4;
  }
#undef FC_STEP
  for (; d >= 2; d -= 2) {
    const int32_t u = (int32_t)x[0] + input_offset, v = (int32_t)x[1] + input_offset;
    a0 += (uint32_t)(u * f0[0]) + (uint32_t)(v * f0[1]);
    a1 += (uint32_t)(u * f1[0]) + (uint32_t)(v * f1[1]);
    a2 += (uint32_t)(u * f2[0]) + (uint32_t)(v * f2[1]);
    a3 += (uint32_t)(u * f3[0]) + (uint32_t)(v * f3[1]);
    x += 2, f0 += 2, f1 += 2, f2 += 2, f3 += 2;
  }
#elif MLONMCU_DSP
  /* Four input bytes per pass as two pairs of int16 (x + input_offset fits: both are within
   * [-128, 128] for any int8 zero points) against the filter's byte pairs, two SMLADs a unit. */
  if (input_offset >= -128 && input_offset <= 128) {
    const uint32_t offset_pair = (uint32_t)(uint16_t)input_offset * 0x10001u;
    for (; d >= 4; d -= 4) {
      const uint32_t xw = mlonmcu_load_u32(x);
      const uint32_t x02 = mlonmcu_sadd16(mlonmcu_sxtb16(xw), offset_pair);
      const uint32_t x13 = mlonmcu_sadd16(mlonmcu_sxtb16_ror8(xw), offset_pair);
      uint32_t w;
      w = mlonmcu_load_u32(f0);
      a0 = mlonmcu_smlad(mlonmcu_sxtb16_ror8(w), x13, mlonmcu_smlad(mlonmcu_sxtb16(w), x02, a0));
      w = mlonmcu_load_u32(f1);
      a1 = mlonmcu_smlad(mlonmcu_sxtb16_ror8(w), x13, mlonmcu_smlad(mlonmcu_sxtb16(w), x02, a1));
      w = mlonmcu_load_u32(f2);
      a2 = mlonmcu_smlad(mlonmcu_sxtb16_ror8(w), x13, mlonmcu_smlad(mlonmcu_sxtb16(w), x02, a2));
      w = mlonmcu_load_u32(f3);
      a3 = mlonmcu_smlad(mlonmcu_sxtb16_ror8(w), x13, mlonmcu_smlad(mlonmcu_sxtb16(w), x02, a3));
      x += 4, f0 += 4, f1 += 4, f2 += 4, f3 += 4;
    }
  }
#endif
  for (; d > 0; --d) {
    const int32_t u = (int32_t)*x++ + input_offset;
    a0 += (uint32_t)(u * *f0++);
    a1 += (uint32_t)(u * *f1++);
    a2 += (uint32_t)(u * *f2++);
    a3 += (uint32_t)(u * *f3++);
  }
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
}

#if MLONMCU_DSP
/* One unit's dot product with SMLAD (the units left over after the blocks of four, e.g. a
 * 2-class classifier); same pairing and offset range as in dot_4units. */
static FC_NOINLINE uint32_t dot_1unit_dsp(const int8_t* x, const int8_t* f, int32_t depth,
                                          int32_t input_offset, uint32_t acc) {
  const uint32_t offset_pair = (uint32_t)(uint16_t)input_offset * 0x10001u;
  int32_t d = depth;
  for (; d >= 4; d -= 4) {
    const uint32_t xw = mlonmcu_load_u32(x);
    const uint32_t w = mlonmcu_load_u32(f);
    acc = mlonmcu_smlad(mlonmcu_sxtb16(w), mlonmcu_sadd16(mlonmcu_sxtb16(xw), offset_pair), acc);
    acc = mlonmcu_smlad(mlonmcu_sxtb16_ror8(w),
                        mlonmcu_sadd16(mlonmcu_sxtb16_ror8(xw), offset_pair), acc);
    x += 4, f += 4;
  }
  for (; d > 0; --d) acc += (uint32_t)(((int32_t)*x++ + input_offset) * *f++);
  return acc;
}
#endif

void mlonmcu_fully_connected_s8(const mlonmcu_fully_connected_s8_params_t* p, int32_t batches,
                                int32_t accum_depth, int32_t output_depth, const int8_t* input,
                                const int8_t* filter, const int32_t* bias, int8_t* output,
                                const int32_t* channel_multiplier, const int32_t* channel_shift) {
  const int32_t input_offset = p->input_offset;
  const int32_t filter_offset = p->filter_offset;
  int32_t b, o, d, j;
  for (b = 0; b < batches; ++b) {
    const int8_t* x = input + b * accum_depth;
    const int8_t* f = filter;
    o = 0;
    /* Symmetric filters (the int8 norm): four units per pass over the input row. */
    if (filter_offset == 0) {
      for (; o + 4 <= output_depth; o += 4, f += 4 * accum_depth) {
        uint32_t acc[4];
        for (j = 0; j < 4; ++j) acc[j] = bias ? (uint32_t)bias[o + j] : 0u;
        dot_4units(x, f, accum_depth, input_offset, acc);
        for (j = 0; j < 4; ++j) {
          const mlonmcu_channel_requant_t q = mlonmcu_channel_requant_make(
              channel_multiplier ? channel_multiplier[o + j] : p->output_multiplier,
              channel_shift ? channel_shift[o + j] : p->output_shift, p->output_offset,
              p->act_min, p->act_max);
          *output++ = (int8_t)mlonmcu_channel_requant_apply(&q, acc[j]);
        }
      }
    }
    for (; o < output_depth; ++o) {
      uint32_t acc = 0; /* wraps instead of overflowing; see mlonmcu_wrap_add */
      int32_t multiplier, shift;
#if MLONMCU_DSP
      if (filter_offset == 0 && input_offset >= -128 && input_offset <= 128)
        acc = dot_1unit_dsp(x, f, accum_depth, input_offset, 0u);
      else
#endif
        for (d = 0; d < accum_depth; ++d)
          acc += (uint32_t)(((int32_t)f[d] + filter_offset) * ((int32_t)x[d] + input_offset));
      f += accum_depth;
      if (bias) acc += (uint32_t)bias[o];
      multiplier = channel_multiplier ? channel_multiplier[o] : p->output_multiplier;
      shift = channel_shift ? channel_shift[o] : p->output_shift;
      *output++ = (int8_t)mlonmcu_requantize_clamp((int32_t)acc, multiplier, shift,
                                                   p->output_offset, p->act_min, p->act_max);
    }
  }
}

void mlonmcu_fully_connected_f32(const mlonmcu_fully_connected_f32_params_t* p, int32_t batches,
                                 int32_t accum_depth, int32_t output_depth, const float* input,
                                 const float* filter, const float* bias, float* output) {
  int32_t b, o, d;
  for (b = 0; b < batches; ++b) {
    const float* x = input + b * accum_depth;
    const float* f = filter;
    for (o = 0; o < output_depth; ++o) {
      float total = 0.0f;
      float value;
      for (d = 0; d < accum_depth; ++d) total += x[d] * f[d];
      f += accum_depth;
      value = total + (bias ? bias[o] : 0.0f);
      value = value < p->act_min ? p->act_min : value;
      *output++ = value > p->act_max ? p->act_max : value;
    }
  }
}
