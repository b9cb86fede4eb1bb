// What CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED share in their lowering checks: the dtype
// combinations of input, filter, bias and output the kernels compute (their extra operands:
// packed_operands.h).
#pragma once

#include <string>
#include <vector>

#include "ops/lower.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops::check {

// float32 throughout, int8 input/filter/output with an int32 bias and per-tensor int8 input
// and output quantization, or int16 input/output (zero point 0) with an int8 filter and an
// int32 or int64 bias; Unsupported otherwise. The filter's scales are the caller's.
void expect_filter_op_dtypes(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& filter,
                             const ir::Tensor* bias, const ir::Tensor& out);

}  // namespace mlonmcu::ops::check
