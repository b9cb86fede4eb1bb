// The int8 input scaling of SOFTMAX, also used by LOG_SOFTMAX: TFLite's PreprocessSoftmaxScaling
// (beta * input scale as a Q31 multiplier and left shift for differences in Q5.26) and the most
// negative difference that format holds.
#pragma once

#include "mlonmcu/kernels/softmax.h"
#include "mlonmcu/kernels/softmax_s16.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

mlonmcu_softmax_s8_params_t softmax_s8_params(const check::OpRef& ref, float beta, float input_scale);
// int16 (16x8): input scale * beta against exp's table range; Unsupported beyond its shifts.
mlonmcu_softmax_s16_params_t softmax_s16_params(const check::OpRef& ref, float beta);

}  // namespace mlonmcu::ops
