/* RESIZE_NEAREST_NEIGHBOR (any element size) and RESIZE_BILINEAR (float32; int8 in TFLite's
 * 10-bit fixed point) of NHWC tensors, bit-exact with TFLite-Micro's reference kernels: the
 * source coordinates are computed in float exactly as there. */
#ifndef MLONMCU_KERNELS_RESIZE_H_
#define MLONMCU_KERNELS_RESIZE_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batches;
  int32_t in_h, in_w;
  int32_t out_h, out_w;
  int32_t depth;
  int32_t element_size; /* bytes (nearest neighbor) */
  int32_t align_corners;
  int32_t half_pixel_centers;
} mlonmcu_resize_params_t;

void mlonmcu_resize_nearest(const mlonmcu_resize_params_t* p, const void* input, void* output);
void mlonmcu_resize_bilinear_f32(const mlonmcu_resize_params_t* p, const float* input, float* output);
void mlonmcu_resize_bilinear_s8(const mlonmcu_resize_params_t* p, const int8_t* input, int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_RESIZE_H_ */
