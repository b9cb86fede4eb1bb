#include "mlonmcu/kernels/log_softmax.h"

#include "mlonmcu/kernels/fixedpoint.h"
#include "mlonmcu/kernels/requantize.h"

enum { kInputBits = 5, kSumBits = 12, kOutputBits = 4 };

static int32_t saturate64(int64_t v) { return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v; }

/* log(x) for x >= 1 given in Q12, result in Q5: TFLite's log_x_for_x_greater_than_or_equal_to_1
 * (a power of two from the headroom, the rest by a rational approximation around sqrt(sqrt(1/2))),
 * step by step in its order and with its constants. */
static int32_t log_x_ge_1_q12_to_q5(int32_t x) {
  enum { kAccumBits = kInputBits + 1 }; /* one bit of headroom for the sum */
  const int32_t log_2 = 1488522236, sqrt_sqrt_half = 1805811301, sqrt_half = 1518500250;
  const int32_t alpha_n = 117049297, alpha_d = 127690142, alpha_i = 1057819769, alpha_f = 638450708;
  const int32_t shifted_quarter = mlonmcu_fp_rescale(536870912 /* 1/4 in Q0 */, 0, kAccumBits);
  const int32_t z_a_headroom_plus_1 = mlonmcu_clz32((uint32_t)x);
  const int32_t r_a_tmp = mlonmcu_fp_mul_by_pot(x, z_a_headroom_plus_1 - 1);
  const int32_t r_a = mlonmcu_fp_mul_by_pot(mlonmcu_srdhm(r_a_tmp, sqrt_half), 1);
  const int32_t z_a_pow_2_adj = saturate64(
      (int64_t)mlonmcu_fp_mul_by_pot(kSumBits - z_a_headroom_plus_1, 31 - kAccumBits) + shifted_quarter);
  const int32_t z_b = mlonmcu_srdhm(x, sqrt_half);
  const int32_t z_b_headroom = mlonmcu_clz32((uint32_t)z_b) - 1;
  const int32_t r_b = mlonmcu_fp_mul_by_pot(x, z_b_headroom);
  const int32_t z_b_pow_2_adj =
      saturate64((int64_t)mlonmcu_fp_mul_by_pot(kSumBits - z_b_headroom, 31 - kAccumBits) - shifted_quarter);
  const int32_t r = r_a < r_b ? r_a : r_b;
  const int32_t z_pow_2_adj = z_a_pow_2_adj > z_b_pow_2_adj ? z_a_pow_2_adj : z_b_pow_2_adj;
  const int32_t p = mlonmcu_fp_rounding_half_sum(r, sqrt_sqrt_half);
  const int32_t q_half = mlonmcu_fp_sub(r, sqrt_sqrt_half);
  const int32_t q = mlonmcu_fp_add(q_half, q_half);
  const int32_t common_sq = mlonmcu_srdhm(q, q);
  const int32_t num = mlonmcu_fp_add(mlonmcu_srdhm(q, r), mlonmcu_srdhm(mlonmcu_srdhm(q, common_sq), alpha_n));
  const int32_t denom_minus_one =
      mlonmcu_fp_add(mlonmcu_srdhm(p, mlonmcu_fp_add(mlonmcu_fp_add(alpha_i, q), mlonmcu_srdhm(alpha_d, common_sq))),
                     mlonmcu_srdhm(alpha_f, q));
  const int32_t recip_denom = mlonmcu_fp_one_over_one_plus_x_for_x_in_0_1(denom_minus_one);
  const int32_t num_scaled = mlonmcu_fp_rescale(num, 0, kAccumBits);
  const int32_t sum = mlonmcu_fp_add(mlonmcu_srdhm(z_pow_2_adj, log_2), mlonmcu_srdhm(num_scaled, recip_denom));
  return mlonmcu_fp_rescale(sum, kAccumBits, kInputBits);
}

void mlonmcu_log_softmax_s8(const mlonmcu_log_softmax_s8_params_t* p, const int8_t* in, int8_t* out) {
  int32_t i, c;
  for (i = 0; i < p->outer; ++i, in += p->depth, out += p->depth) {
    int32_t max = -128, sum = 0, log_sum, adjusted_diff_min, reverse;
    for (c = 0; c < p->depth; ++c)
      if (in[c] > max) max = in[c];
    for (c = 0; c < p->depth; ++c) {
      const int32_t diff = in[c] - max;
      if (diff >= p->diff_min) {
        const int32_t q5 = mlonmcu_multiply_by_quantized_multiplier(diff, p->input_multiplier, p->input_left_shift);
        sum = mlonmcu_fp_add(sum, mlonmcu_fp_rescale(mlonmcu_fp_exp_on_negative_values(q5, kInputBits), 0, kSumBits));
      }
    }
    log_sum = log_x_ge_1_q12_to_q5(sum);
    /* The smallest Q5.26 value plus the log, back in input steps: below it the output saturates. */
    reverse = mlonmcu_multiply_by_quantized_multiplier(mlonmcu_fp_add(log_sum, INT32_MIN), p->reverse_scaling_divisor,
                                                       -p->reverse_scaling_right_shift);
    adjusted_diff_min = p->diff_min - 1 > reverse ? p->diff_min - 1 : reverse;
    for (c = 0; c < p->depth; ++c) {
      const int32_t diff = in[c] - max;
      if (diff > adjusted_diff_min) {
        const int32_t q5 = mlonmcu_multiply_by_quantized_multiplier(diff, p->input_multiplier, p->input_left_shift);
        const int32_t v =
            mlonmcu_rounding_divide_by_pot(mlonmcu_fp_sub(q5, log_sum), 31 - kInputBits - kOutputBits) + 127;
        out[c] = (int8_t)mlonmcu_clamp_s32(v, -128, 127);
      } else {
        out[c] = -128;
      }
    }
  }
}
