#include "ops/filter_operands.h"

#include <fmt/format.h>


namespace mlonmcu::ops::check {

void expect_filter_op_dtypes(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& filter,
                             const ir::Tensor* bias, const ir::Tensor& out) {
  if (in.dtype == ir::DType::Float32) {
    expect_dtype(ref, filter, {ir::DType::Float32}, "filter");
    expect_dtype(ref, out, {ir::DType::Float32}, "output");
    if (bias) expect_dtype(ref, *bias, {ir::DType::Float32}, "bias");
  } else if (in.dtype == ir::DType::Int8) {
    expect_dtype(ref, filter, {ir::DType::Int8}, "filter");
    expect_dtype(ref, out, {ir::DType::Int8}, "output");
    if (bias) expect_dtype(ref, *bias, {ir::DType::Int32}, "bias");
    per_tensor_int8(ref, in, "input");
    per_tensor_int8(ref, out, "output");
  } else if (in.dtype == ir::DType::Int16) {  // TFLite's 16x8 scheme
    expect_dtype(ref, filter, {ir::DType::Int8}, "filter");
    expect_dtype(ref, out, {ir::DType::Int16}, "output");
    if (bias) expect_dtype(ref, *bias, {ir::DType::Int32, ir::DType::Int64}, "bias");
    // TFLite-Micro's int16 DEPTHWISE_CONV_2D reads its bias as int64 whatever the model says.
    if (bias && bias->dtype == ir::DType::Int32 && ref.op.type == ir::OpType::DepthwiseConv2D)
      unsupported(ref.backend, ref.op, "an int32 bias with int16 input (TFLite-Micro takes int64 only)");
    per_tensor_int16(ref, in, "input");
    per_tensor_int16(ref, out, "output");
  } else {
    unsupported(ref.backend, ref.op, fmt::format("input dtype {}", ir::dtype_name(in.dtype)));
  }
}

}  // namespace mlonmcu::ops::check
