// The int16 (16x8) lowerings of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, called by those
// ops' lowerings once their shared checks (shapes, padding, dtypes) have passed.
#pragma once

#include "ops/lower.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

// What the op's own checks resolved. FULLY_CONNECTED leaves the window fields at 1 / 0.
struct FilterS16Op {
  const ir::Tensor* in;
  const ir::Tensor* filter;
  const ir::Tensor* bias;  // nullptr when absent
  const ir::Tensor* out;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_h, pad_w, depth_multiplier;
  ir::Activation activation;
};

// `lowered` holds the op's input, filter, bias (or -1) and output slots.
LoweredOp lower_conv_s16(const check::OpRef& ref, LowerContext& ctx, LoweredOp lowered, const FilterS16Op& f,
                         bool depthwise);
LoweredOp lower_fully_connected_s16(const check::OpRef& ref, LowerContext& ctx, LoweredOp lowered,
                                    const FilterS16Op& f);

}  // namespace mlonmcu::ops
