/* The int8 ADD/SUB requantization (TFLite's: both inputs rescaled to a common scale with
 * left_shift bits of headroom, summed, then scaled to the output) with everything that depends
 * only on the params computed once, through the cheaper but identical srdhm of
 * channel_requant.h. Used by the ADD/SUB kernels and by the residual-ADD epilogue of the int8
 * convolution, so a fused ADD requantizes exactly as the separate op does. Internal to the
 * kernels. */
#ifndef MLONMCU_KERNELS_ADD_REQUANT_H_
#define MLONMCU_KERNELS_ADD_REQUANT_H_

#include <stdint.h>

#include "mlonmcu/kernels/channel_requant.h"
#include "mlonmcu/kernels/elementwise.h"

typedef struct {
  mlonmcu_channel_requant_t in1, in2, out;
  int32_t input1_offset, input2_offset, left_shift;
} mlonmcu_add_requant_t;

/* The shifts channel_requant is proven exact for; other (hostile) params need the plain
 * mlonmcu_multiply_by_quantized_multiplier path. */
static inline int mlonmcu_add_requant_supported(const mlonmcu_add_s8_params_t* p) {
  return p->left_shift >= 0 && p->left_shift <= 31 && p->input1_shift >= -31 &&
         p->input1_shift <= 30 && p->input2_shift >= -31 && p->input2_shift <= 30 &&
         p->output_shift >= -31 && p->output_shift <= 30;
}

static inline mlonmcu_add_requant_t mlonmcu_add_requant_make(const mlonmcu_add_s8_params_t* p) {
  mlonmcu_add_requant_t r;
  r.in1 = mlonmcu_channel_requant_make(p->input1_multiplier, p->input1_shift, 0, INT32_MIN,
                                       INT32_MAX);
  r.in2 = mlonmcu_channel_requant_make(p->input2_multiplier, p->input2_shift, 0, INT32_MIN,
                                       INT32_MAX);
  r.out = mlonmcu_channel_requant_make(p->output_multiplier, p->output_shift, p->output_offset,
                                       p->act_min, p->act_max);
  r.input1_offset = p->input1_offset;
  r.input2_offset = p->input2_offset;
  r.left_shift = p->left_shift;
  return r;
}

/* Input 1 or 2 rescaled to the common scale. */
static inline int32_t mlonmcu_add_requant_input1(const mlonmcu_add_requant_t* r, int32_t q) {
  return mlonmcu_channel_requant_scale(&r->in1, (uint32_t)(q + r->input1_offset) << r->left_shift);
}
static inline int32_t mlonmcu_add_requant_input2(const mlonmcu_add_requant_t* r, int32_t q) {
  return mlonmcu_channel_requant_scale(&r->in2, (uint32_t)(q + r->input2_offset) << r->left_shift);
}

/* The output value of a (wrapping) sum or difference of two rescaled inputs. */
static inline int32_t mlonmcu_add_requant_output(const mlonmcu_add_requant_t* r, uint32_t sum) {
  return mlonmcu_channel_requant_apply(&r->out, sum);
}

#endif /* MLONMCU_KERNELS_ADD_REQUANT_H_ */
