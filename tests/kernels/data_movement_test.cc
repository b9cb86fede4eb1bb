// Data-movement kernels (copy, concatenation, pad, strided slice, transpose) on small tensors
// whose results are written out by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "mlonmcu/kernels/concatenation.h"
#include "mlonmcu/kernels/copy.h"
#include "mlonmcu/kernels/pad.h"
#include "mlonmcu/kernels/strided_slice.h"
#include "mlonmcu/kernels/transpose.h"

namespace {

std::vector<int8_t> iota8(int n, int start = 0) {
  std::vector<int8_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), static_cast<int8_t>(start));
  return v;
}

TEST(CopyKernel, CopiesAndHandlesOverlap) {
  std::vector<int8_t> buf = iota8(6);
  std::vector<int8_t> out(6);
  mlonmcu_copy(buf.data(), out.data(), 6);
  EXPECT_EQ(out, buf);
  mlonmcu_copy(buf.data(), buf.data() + 2, 4);  // overlapping move
  EXPECT_EQ(buf, (std::vector<int8_t>{0, 1, 0, 1, 2, 3}));
}

TEST(ConcatenationKernel, CopiesAlongMiddleAxis) {
  // [2, 1, 2] and [2, 2, 2] along axis 1 -> [2, 3, 2]
  const std::vector<int8_t> a = {1, 2, 3, 4};
  const std::vector<int8_t> b = {10, 11, 12, 13, 14, 15, 16, 17};
  std::vector<int8_t> out(12);
  mlonmcu_concatenation_copy(a.data(), 2, 2, out.data(), 6, 0);
  mlonmcu_concatenation_copy(b.data(), 4, 2, out.data(), 6, 2);
  EXPECT_EQ(out, (std::vector<int8_t>{1, 2, 10, 11, 12, 13, 3, 4, 14, 15, 16, 17}));
}

TEST(ConcatenationKernel, RequantizesInt8Inputs) {
  // input scale 0.5, zp 1 -> output scale 0.25, zp -2: q_out = (q - 1) * 2 - 2
  const std::vector<int8_t> a = {1, 3, -10, 100};
  mlonmcu_concatenation_requant_s8_input_t q{};
  q.multiplier = 1 << 30;  // 2.0 = 0.5 * 2^2
  q.shift = 2;
  q.input_zero_point = 1;
  std::vector<int8_t> out(4);
  mlonmcu_concatenation_requant_s8(a.data(), 4, 1, out.data(), 4, 0, &q, -2);
  EXPECT_EQ(out, (std::vector<int8_t>{-2, 2, -24, 127}));  // 196 saturates
}

TEST(PadKernel, PadsInt8WithValueInEveryDimension) {
  // [2, 2] padded by ((1, 0), (1, 2)) with 9 -> [3, 5]
  const std::vector<int8_t> in = {1, 2, 3, 4};
  const int32_t dims[] = {2, 2};
  mlonmcu_pad_params_t p{};
  p.rank = 2;
  p.pad_value = 9;
  p.before[0] = 1;
  p.before[1] = 1;
  p.after[1] = 2;
  std::vector<int8_t> out(15);
  mlonmcu_pad(in.data(), dims, out.data(), 1, &p);
  EXPECT_EQ(out, (std::vector<int8_t>{9, 9, 9, 9, 9, 9, 1, 2, 9, 9, 9, 3, 4, 9, 9}));
}

TEST(PadKernel, PadsFloatWithZeroIn4D) {
  // [1, 1, 2, 1] padded to [1, 2, 3, 1] by ((0,0), (0,1), (1,0), (0,0))
  const std::vector<float> in = {1.5f, -2.5f};
  const int32_t dims[] = {1, 1, 2, 1};
  mlonmcu_pad_params_t p{};
  p.rank = 4;
  p.after[1] = 1;
  p.before[2] = 1;
  std::vector<float> out(6, 7.0f);
  mlonmcu_pad(in.data(), dims, out.data(), 4, &p);
  EXPECT_EQ(out, (std::vector<float>{0.0f, 1.5f, -2.5f, 0.0f, 0.0f, 0.0f}));
}

TEST(StridedSliceKernel, CountHandlesBothDirections) {
  EXPECT_EQ(mlonmcu_strided_slice_count(0, 5, 2), 3);   // 0 2 4
  EXPECT_EQ(mlonmcu_strided_slice_count(5, -1, -2), 3); // 5 3 1
  EXPECT_EQ(mlonmcu_strided_slice_count(3, 3, 1), 0);
  EXPECT_EQ(mlonmcu_strided_slice_count(1, 4, -1), 0);
}

TEST(StridedSliceKernel, SlicesWithPositiveAndNegativeStrides) {
  // input [3, 4] = 0..11; rows 2,0 (stride -2), columns 1,3 (stride 2)
  const std::vector<int8_t> in = iota8(12);
  const int32_t dims[] = {3, 4};
  mlonmcu_strided_slice_params_t p{};
  p.rank = 2;
  p.start[0] = 2;
  p.stop[0] = -1;
  p.stride[0] = -2;
  p.start[1] = 1;
  p.stop[1] = 4;
  p.stride[1] = 2;
  std::vector<int8_t> out(4);
  mlonmcu_strided_slice(in.data(), dims, out.data(), 1, &p);
  EXPECT_EQ(out, (std::vector<int8_t>{9, 11, 1, 3}));
}

TEST(TransposeKernel, Permutes3DInt8AndFloat) {
  // input [2, 3, 2] = 0..11, perm (2, 0, 1) -> output [2, 2, 3], out[k][i][j] = in[i][j][k]
  const std::vector<int8_t> in = iota8(12);
  const int32_t dims[] = {2, 3, 2};
  mlonmcu_transpose_params_t p{};
  p.rank = 3;
  p.perm[0] = 2;
  p.perm[1] = 0;
  p.perm[2] = 1;
  std::vector<int8_t> out(12);
  mlonmcu_transpose(in.data(), dims, out.data(), 1, &p);
  EXPECT_EQ(out, (std::vector<int8_t>{0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11}));

  std::vector<float> fin(12);
  std::iota(fin.begin(), fin.end(), 0.0f);
  std::vector<float> fout(12);
  mlonmcu_transpose(fin.data(), dims, fout.data(), 4, &p);
  EXPECT_EQ(fout, (std::vector<float>{0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11}));
}

TEST(TransposeKernel, Handles6D) {
  // [1, 2, 1, 1, 1, 3] reversed -> [3, 1, 1, 1, 2, 1]: a 2x3 matrix transpose in disguise
  const std::vector<int8_t> in = iota8(6);
  const int32_t dims[] = {1, 2, 1, 1, 1, 3};
  mlonmcu_transpose_params_t p{};
  p.rank = 6;
  for (int d = 0; d < 6; ++d) p.perm[d] = 5 - d;
  std::vector<int8_t> out(6);
  mlonmcu_transpose(in.data(), dims, out.data(), 1, &p);
  EXPECT_EQ(out, (std::vector<int8_t>{0, 3, 1, 4, 2, 5}));
}

}  // namespace
