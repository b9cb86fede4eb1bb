// TFLite's window arithmetic (output size and padding) shared by the convolution and pooling
// lowerings.
#pragma once

#include <cstdint>

#include "ir/graph.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops::check {

// TFLite's ComputeOutSize / ComputePadding (the kernels take only the leading pad).
int32_t conv_out_size(ir::Padding padding, int32_t in, int32_t filter, int32_t stride,
                      int32_t dilation);
int32_t conv_padding(int32_t stride, int32_t dilation, int32_t in, int32_t filter, int32_t out);

// Checks the output height/width against TFLite's formula and returns {pad_h, pad_w}.
struct Padding2D {
  int32_t h = 0;
  int32_t w = 0;
};
Padding2D window_padding(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& out,
                         ir::Padding padding, int32_t filter_h, int32_t filter_w,
                         int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                         int32_t dilation_w);

}  // namespace mlonmcu::ops::check
