// The int8 input scaling of SOFTMAX, also used by LOG_SOFTMAX: TFLite's PreprocessSoftmaxScaling
// (beta * input scale as a Q31 multiplier and left shift for differences in Q5.26) and the most
// negative difference that format holds.
#pragma once

#include "mlonmcu/kernels/softmax.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

mlonmcu_softmax_s8_params_t softmax_s8_params(const check::OpRef& ref, float beta, float input_scale);

}  // namespace mlonmcu::ops
