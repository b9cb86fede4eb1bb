/* SVDF (a rank-r factored time filter, as keyword spotting models use it): per call the state
 * [batch][num_filters][memory_size] shifts one step back in time, the feature matmul
 * input x weights_feature^T fills its newest column, and each output unit sums `rank` filters'
 * dot products of their state row with weights_time, plus the bias. Bit-exact with
 * TFLite-Micro's reference kernel (svdf_common.cc): float32 with its summation order and its
 * activation formulas; int8 input and weights_feature with int16 (or int8) weights_time and
 * state, int32 bias, two per-tensor requantizations and, as TFLM, no activation. The state is a
 * variable tensor: it must keep its bytes between calls (the memory plan makes it persistent). */
#ifndef MLONMCU_KERNELS_SVDF_H_
#define MLONMCU_KERNELS_SVDF_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* TFLM's ActivationValFloat cases (float32 only). */
typedef enum {
  MLONMCU_SVDF_ACT_NONE = 0,
  MLONMCU_SVDF_ACT_RELU = 1,
  MLONMCU_SVDF_ACT_RELU_N1_TO_1 = 2,
  MLONMCU_SVDF_ACT_RELU6 = 3,
  MLONMCU_SVDF_ACT_TANH = 4,
  MLONMCU_SVDF_ACT_SIGN_BIT = 5
} mlonmcu_svdf_activation_t;

typedef struct {
  int32_t batch;
  int32_t input_size;
  int32_t num_filters; /* num_units * rank */
  int32_t memory_size;
  int32_t rank;
  int32_t activation; /* float32: mlonmcu_svdf_activation_t */
  /* integer */
  int32_t input_offset;       /* -input zero point */
  int32_t state_zero_point;
  int32_t output_zero_point;
  int32_t feature_multiplier; /* input x weights_feature -> state scale */
  int32_t feature_shift;
  int32_t output_multiplier;  /* state x weights_time -> output scale */
  int32_t output_shift;
} mlonmcu_svdf_params_t;

/* bias may be NULL (float32 only). state: [batch][num_filters][memory_size], read and written. */
void mlonmcu_svdf_f32(const mlonmcu_svdf_params_t* p, const float* input, const float* weights_feature,
                      const float* weights_time, const float* bias, float* state, float* output);
void mlonmcu_svdf_s8_s16(const mlonmcu_svdf_params_t* p, const int8_t* input, const int8_t* weights_feature,
                         const int16_t* weights_time, const int32_t* bias, int16_t* state, int8_t* output);
void mlonmcu_svdf_s8_s8(const mlonmcu_svdf_params_t* p, const int8_t* input, const int8_t* weights_feature,
                        const int8_t* weights_time, const int32_t* bias, int8_t* state, int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_SVDF_H_ */
