/* int16 ADD, SUB and MUL with broadcasting, bit-exact with TFLite-Micro's reference kernels: ADD
 * and SUB in its general int16 rescaling (the int8 maths with 15 bits of headroom; TFLite-Micro
 * never takes the power-of-two path, whatever pot_scale_int16 says), MUL as int8's with zero points 0. The params are the int8 kernels'. */
#ifndef MLONMCU_KERNELS_ELEMENTWISE_S16_H_
#define MLONMCU_KERNELS_ELEMENTWISE_S16_H_

#include <stdint.h>

#include "mlonmcu/kernels/elementwise.h"

#ifdef __cplusplus
extern "C" {
#endif

void mlonmcu_add_s16(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int16_t* in1,
                     const int32_t* in2_dims, const int16_t* in2, const int32_t* out_dims, int16_t* out);
void mlonmcu_sub_s16(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int16_t* in1,
                     const int32_t* in2_dims, const int16_t* in2, const int32_t* out_dims, int16_t* out);
void mlonmcu_mul_s16(const mlonmcu_mul_s8_params_t* p, const int32_t* in1_dims, const int16_t* in1,
                     const int32_t* in2_dims, const int16_t* in2, const int32_t* out_dims, int16_t* out);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_ELEMENTWISE_S16_H_ */
