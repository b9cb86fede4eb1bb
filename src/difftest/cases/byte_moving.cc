// CONCATENATION, TRANSPOSE, STRIDED_SLICE and PAD in the dtypes beyond float32/int8 that
// TFLite-Micro moves as bytes (float32 and int8 are covered by the shared models and kernel tests):
// random shapes, axes, permutations, slices (masks, strides of 2 and -1) and paddings.
#include <algorithm>
#include <numeric>

#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

// Inputs share the output's quantization (TFLite-Micro copies bytes, it never requantizes these).
OpCase concatenation(Rng& rng, DType dtype) {
  GraphBuilder b("concatenation", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  const auto rank = static_cast<int32_t>(shape.size());
  const int32_t axis = rng.uniform_int(-rank, rank - 1);
  const auto a = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  const auto q = random_quant(rng, dtype);
  std::vector<int32_t> ins;
  auto out_shape = shape;
  out_shape[a] = 0;
  for (int32_t i = 0, n = rng.uniform_int(1, 3); i < n; ++i) {
    auto s = shape;
    s[a] = rng.uniform_int(1, 3);
    out_shape[a] += s[a];
    ins.push_back(b.input("x" + std::to_string(i), dtype, s, q));
  }
  const int32_t out = b.add_tensor("out", dtype, out_shape, q);
  b.add_op(T::Concatenation, ins, {out}, ir::ConcatenationOptions{axis, ir::Activation::None});
  b.add_output(out);
  return finish(b);
}

OpCase transpose(Rng& rng, DType dtype) {
  GraphBuilder b("transpose", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  std::vector<int32_t> perm(shape.size());
  std::iota(perm.begin(), perm.end(), 0);
  for (size_t i = perm.size(); i > 1; --i)
    std::swap(perm[i - 1], perm[static_cast<size_t>(rng.uniform_int(0, static_cast<int32_t>(i) - 1))]);
  std::vector<int32_t> out_shape;
  for (int32_t p : perm) out_shape.push_back(shape[static_cast<size_t>(p)]);
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t perm_t = b.add_const_int32("perm", {static_cast<int32_t>(perm.size())}, perm);
  const int32_t out = tensor_like(b, "out", x, out_shape);
  b.add_op(T::Transpose, {x, perm_t}, {out});
  b.add_output(out);
  return finish(b);
}

// Per dimension: stride 1 or 2 over [begin, end) (begin_mask: from 0), or stride -1 from begin
// down to 0 (end_mask); one stride-1 dimension of extent 1 may be shrunk away.
OpCase strided_slice(Rng& rng, DType dtype) {
  GraphBuilder b("strided_slice", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const auto rank = static_cast<int32_t>(shape.size());
  std::vector<int32_t> begin, end, strides, out_shape;
  ir::StridedSliceOptions o;
  for (int32_t d = 0; d < rank; ++d) {
    const int32_t n = shape[static_cast<size_t>(d)];
    int32_t lo = rng.uniform_int(0, n - 1), count = 0, stride = 1, hi = n;
    if (rng.uniform_int(0, 3) == 0) {
      stride = -1;
      o.end_mask |= 1 << d;
      hi = 0;
      count = lo + 1;
    } else {
      stride = rng.uniform_int(1, 2);
      if (rng.uniform_int(0, 3) == 0) {
        o.begin_mask |= 1 << d;
        lo = 0;
      }
      hi = rng.uniform_int(lo + 1, n);
      count = (hi - lo + stride - 1) / stride;
    }
    // Negative indices count from the end.
    begin.push_back(rng.uniform_int(0, 1) == 1 ? lo - n : lo);
    end.push_back(stride > 0 && hi < n && rng.uniform_int(0, 1) == 1 ? hi - n : hi);
    strides.push_back(stride);
    out_shape.push_back(count);
  }
  const int32_t shrink = rng.uniform_int(0, rank - 1);
  const auto si = static_cast<size_t>(shrink);
  if (out_shape[si] == 1 && strides[si] == 1 && !(o.begin_mask & (1 << shrink)) && rng.uniform_int(0, 1) == 1) {
    o.shrink_axis_mask = 1 << shrink;
    out_shape.erase(out_shape.begin() + shrink);
  }
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t begin_t = b.add_const_int32("begin", {rank}, begin);
  const int32_t end_t = b.add_const_int32("end", {rank}, end);
  const int32_t strides_t = b.add_const_int32("strides", {rank}, strides);
  const int32_t out = tensor_like(b, "out", x, out_shape);
  b.add_op(T::StridedSlice, {x, begin_t, end_t, strides_t}, {out}, o);
  b.add_output(out);
  return finish(b);
}

// PAD fills with 0 for these dtypes (int16's zero point is 0).
OpCase pad(Rng& rng, DType dtype) {
  GraphBuilder b("pad", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  std::vector<int32_t> paddings, out_shape;
  for (int32_t n : shape) {
    const int32_t before = rng.uniform_int(0, 2), after = rng.uniform_int(0, 2);
    paddings.push_back(before);
    paddings.push_back(after);
    out_shape.push_back(n + before + after);
  }
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t pad_t = b.add_const_int32("paddings", {static_cast<int32_t>(shape.size()), 2}, paddings);
  const int32_t out = tensor_like(b, "out", x, out_shape);
  b.add_op(T::Pad, {x, pad_t}, {out});
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_byte_moving_cases(std::vector<CaseGenerator>& out) {
  add_per_dtype(out, "CONCATENATION", {DType::Bool, DType::Int16, DType::Int32, DType::Int64}, concatenation);
  add_per_dtype(out, "TRANSPOSE", {DType::Int16}, transpose);
  add_per_dtype(out, "STRIDED_SLICE", {DType::Bool, DType::Int16, DType::Int32}, strided_slice);
  add_per_dtype(out, "PAD", {DType::Int16, DType::Int32}, pad);
}

}  // namespace mlonmcu::difftest
