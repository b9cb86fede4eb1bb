/* QUANTIZE (float32 -> int8/int16, requantization between int8, int16 and int32) and
 * DEQUANTIZE (int8/int16 -> float32) kernels, bit-exact with TFLite-Micro's reference kernels. */
#ifndef MLONMCU_KERNELS_QUANTIZE_H_
#define MLONMCU_KERNELS_QUANTIZE_H_

#include <stdint.h>

#include "mlonmcu/kernels/element_type.h"

#ifdef __cplusplus
extern "C" {
#endif

/* float32 <-> int8 with the int8 side's scale and zero point. */
typedef struct {
  float scale;
  int32_t zero_point;
} mlonmcu_affine_params_t;

typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier; /* input scale / output scale */
  int32_t shift;
} mlonmcu_requantize_params_t;

/* q = clamp(round_half_away(x / scale) + zero_point, -128, 127). NaN maps to the zero point. */
void mlonmcu_quantize_f32_s8(const mlonmcu_affine_params_t* p, int32_t size, const float* input,
                             int8_t* output);
void mlonmcu_quantize_f32_s16(const mlonmcu_affine_params_t* p, int32_t size, const float* input,
                              int16_t* output);

/* Requantization between integer types (TFLite's Requantize): clamp(rescale(q - input zero
 * point) + output zero point) to the output type. */
typedef struct {
  int32_t from; /* MLONMCU_ELEM_S8, _S16 or _S32 */
  int32_t to;
  mlonmcu_requantize_params_t r;
} mlonmcu_requantize_int_params_t;

void mlonmcu_requantize_int(const mlonmcu_requantize_int_params_t* p, int32_t size, const void* input,
                            void* output);
void mlonmcu_requantize_s8_s8(const mlonmcu_requantize_params_t* p, int32_t size,
                              const int8_t* input, int8_t* output);
/* x = scale * (q - zero_point) */
void mlonmcu_dequantize_s8_f32(const mlonmcu_affine_params_t* p, int32_t size,
                               const int8_t* input, float* output);
void mlonmcu_dequantize_s16_f32(const mlonmcu_affine_params_t* p, int32_t size,
                                const int16_t* input, float* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_QUANTIZE_H_ */
