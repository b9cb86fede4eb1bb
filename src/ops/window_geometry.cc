#include "ops/window_geometry.h"

#include <fmt/format.h>

namespace mlonmcu::ops::check {

int32_t conv_out_size(ir::Padding padding, int32_t in, int32_t filter, int32_t stride,
                      int32_t dilation) {
  const int64_t effective = (static_cast<int64_t>(filter) - 1) * dilation + 1;
  if (stride <= 0) return 0;
  const int64_t out = padding == ir::Padding::Same ? (in + stride - 1) / stride
                                                   : (in + stride - effective) / stride;
  return static_cast<int32_t>(out > 0 ? out : 0);
}

int32_t conv_padding(int32_t stride, int32_t dilation, int32_t in, int32_t filter, int32_t out) {
  const int64_t effective = (static_cast<int64_t>(filter) - 1) * dilation + 1;
  const int64_t pad = ((static_cast<int64_t>(out) - 1) * stride + effective - in) / 2;
  return static_cast<int32_t>(pad > 0 ? pad : 0);
}

Padding2D window_padding(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& out,
                         ir::Padding padding, int32_t filter_h, int32_t filter_w,
                         int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                         int32_t dilation_w) {
  constexpr int32_t kMaxExtent = 1 << 24;  // the runtime glue's limit
  for (int32_t v : {stride_h, stride_w, dilation_h, dilation_w, filter_h, filter_w})
    if (v < 1 || v > kMaxExtent)
      malformed(ref, fmt::format("stride/dilation/filter size {} out of range", v));
  const int32_t out_h = conv_out_size(padding, in.shape[1], filter_h, stride_h, dilation_h);
  const int32_t out_w = conv_out_size(padding, in.shape[2], filter_w, stride_w, dilation_w);
  if (out.shape[1] != out_h || out.shape[2] != out_w)
    malformed(ref, fmt::format("output shape {} does not match input {} (expected {}x{})",
                               shape_str(out.shape), shape_str(in.shape), out_h, out_w));
  if (out.shape[0] != in.shape[0])
    malformed(ref, fmt::format("batch {} of the output differs from the input's {}",
                               out.shape[0], in.shape[0]));
  return {conv_padding(stride_h, dilation_h, in.shape[1], filter_h, out_h),
          conv_padding(stride_w, dilation_w, in.shape[2], filter_w, out_w)};
}

}  // namespace mlonmcu::ops::check
