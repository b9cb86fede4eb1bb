/* AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D kernels (NHWC), bit-exact with TFLite-Micro's reference
 * kernels. int8 and int16 pooling does not requantize: TFLite requires equal input/output quantization. */
#ifndef MLONMCU_KERNELS_POOLING_H_
#define MLONMCU_KERNELS_POOLING_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t filter_h;
  int32_t filter_w;
  int32_t pad_h;
  int32_t pad_w;
  int32_t act_min;
  int32_t act_max;
} mlonmcu_pool_s8_params_t;

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t filter_h;
  int32_t filter_w;
  int32_t pad_h;
  int32_t pad_w;
  float act_min;
  float act_max;
} mlonmcu_pool_f32_params_t;

/* Padded positions are left out of the average (the divisor counts only real inputs). A window
 * entirely in the padding leaves its output element unchanged (TFLite reports an error). */
void mlonmcu_avg_pool2d_s8(const mlonmcu_pool_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const int32_t out_dims[4], int8_t* output);
/* int16 (16x8): the int8 maths on int16 values, the same params. */
void mlonmcu_avg_pool2d_s16(const mlonmcu_pool_s8_params_t* p, const int32_t in_dims[4],
                            const int16_t* input, const int32_t out_dims[4], int16_t* output);
void mlonmcu_max_pool2d_s16(const mlonmcu_pool_s8_params_t* p, const int32_t in_dims[4],
                            const int16_t* input, const int32_t out_dims[4], int16_t* output);
void mlonmcu_avg_pool2d_f32(const mlonmcu_pool_f32_params_t* p, const int32_t in_dims[4],
                            const float* input, const int32_t out_dims[4], float* output);
/* L2_POOL_2D (float32): sqrt of the mean of the squares over the window's real inputs. */
void mlonmcu_l2_pool2d_f32(const mlonmcu_pool_f32_params_t* p, const int32_t in_dims[4],
                           const float* input, const int32_t out_dims[4], float* output);
void mlonmcu_max_pool2d_s8(const mlonmcu_pool_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const int32_t out_dims[4], int8_t* output);
void mlonmcu_max_pool2d_f32(const mlonmcu_pool_f32_params_t* p, const int32_t in_dims[4],
                            const float* input, const int32_t out_dims[4], float* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_POOLING_H_ */
