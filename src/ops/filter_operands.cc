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
  } else {
    unsupported(ref.backend, ref.op, fmt::format("input dtype {}", ir::dtype_name(in.dtype)));
  }
}

}  // namespace mlonmcu::ops::check
