/* CONCATENATION, one input at a time: the caller loops over the inputs and advances the offset
 * along the concatenation axis, so no array of input pointers is needed. */
#ifndef MLONMCU_KERNELS_CONCATENATION_H_
#define MLONMCU_KERNELS_CONCATENATION_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The tensors viewed as [outer_size, inner]: inner = product of the dimensions from the axis on.
 * Copies input row o (input_inner_bytes) to output + o * output_inner_bytes + output_offset_bytes.
 * Any dtype. */
void mlonmcu_concatenation_copy(const void* input, int32_t input_inner_bytes, int32_t outer_size,
                                void* output, int32_t output_inner_bytes,
                                int32_t output_offset_bytes);

/* Per input of an int8 concatenation whose inputs have different quantization. multiplier == 0
 * marks an input that already has the output's quantization (plain copy). */
typedef struct {
  int32_t multiplier; /* Q31 for input_scale / output_scale */
  int32_t shift;
  int32_t input_zero_point;
} mlonmcu_concatenation_requant_s8_input_t;

/* Params words of CONCATENATION_S8_REQUANT: this header, then one record per input. */
typedef struct {
  int32_t axis;
  int32_t output_zero_point;
  int32_t num_inputs;
} mlonmcu_concatenation_requant_s8_params_t;

/* Like mlonmcu_concatenation_copy for int8 (inner sizes in elements), requantizing each value as
 * TFLite-Micro's int8 requantize does: (x - in_zp) * multiplier * 2^shift + out_zp, clamped. */
void mlonmcu_concatenation_requant_s8(const int8_t* input, int32_t input_inner, int32_t outer_size,
                                      int8_t* output, int32_t output_inner, int32_t output_offset,
                                      const mlonmcu_concatenation_requant_s8_input_t* quant,
                                      int32_t output_zero_point);

typedef struct {
  int32_t axis; /* non-negative */
} mlonmcu_concatenation_params_t;

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_CONCATENATION_H_ */
