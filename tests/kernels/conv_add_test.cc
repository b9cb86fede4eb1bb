// CONV_2D with the residual ADD fused into its epilogue: bit for bit what the reference CONV_2D
// and ADD kernels compute (and the optimized ADD), also when the result overwrites the skip
// tensor in place, in every weight layout, over shapes that reach every path of the optimized
// convolution (direct 1x1, windows read in place, gathered border windows, dilation, batches,
// outputs so wide that fewer pixels go through the matrix product at once).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/elementwise.h"
#include "variants.h"

namespace mlonmcu::test {
namespace {

struct Shape {
  int32_t n, h, w, c, oc, kh, kw, stride, dil_w, pad, out_h, out_w;
};

// TFLite's QuantizeMultiplier for a positive real number below 1 (Q31 mantissa and exponent).
void quantize_below_one(double x, int32_t* multiplier, int32_t* shift) {
  int exponent = 0;
  const double q = std::frexp(x, &exponent);
  auto m = static_cast<int64_t>(std::llround(q * static_cast<double>(int64_t{1} << 31)));
  if (m == (int64_t{1} << 31)) m /= 2, ++exponent;
  *multiplier = static_cast<int32_t>(m);
  *shift = exponent;
}

// ADD params as the lowering derives them from the three scales.
mlonmcu_add_s8_params_t add_params(double s1, double s2, double so, int32_t zp1, int32_t zp2,
                                   int32_t zpo, int32_t lo, int32_t hi) {
  mlonmcu_add_s8_params_t p{};
  p.input1_offset = -zp1, p.input2_offset = -zp2, p.output_offset = zpo;
  p.left_shift = 20;
  const double twice_max = 2.0 * std::max(s1, s2);
  quantize_below_one(s1 / twice_max, &p.input1_multiplier, &p.input1_shift);
  quantize_below_one(s2 / twice_max, &p.input2_multiplier, &p.input2_shift);
  quantize_below_one(twice_max / (static_cast<double>(1 << 20) * so), &p.output_multiplier,
                     &p.output_shift);
  p.act_min = lo, p.act_max = hi;
  return p;
}

class ConvAddS8 : public ::testing::TestWithParam<Shape> {};

TEST_P(ConvAddS8, EqualsConvThenAddAlsoInPlaceAndPlainWithoutSkip) {
  const Shape k = GetParam();
  std::mt19937 rng(77);
  std::uniform_int_distribution<int> byte(-128, 127), small(-3000, 3000);
  std::uniform_int_distribution<int> mant(1 << 30, INT32_MAX), sh(-11, -7);
  const size_t in_size = static_cast<size_t>(k.n) * k.h * k.w * k.c;
  const size_t out_size = static_cast<size_t>(k.n) * k.out_h * k.out_w * k.oc;
  std::vector<int8_t> in(in_size), f(static_cast<size_t>(k.oc) * k.kh * k.kw * k.c);
  std::vector<int8_t> skip(out_size);
  std::vector<int32_t> bias(k.oc), mult(k.oc), shift(k.oc);
  for (auto& v : in) v = static_cast<int8_t>(byte(rng));
  for (auto& v : f) v = static_cast<int8_t>(byte(rng));
  for (auto& v : skip) v = static_cast<int8_t>(byte(rng));
  for (int o = 0; o < k.oc; ++o) bias[o] = small(rng), mult[o] = mant(rng), shift[o] = sh(rng);

  mlonmcu_conv_add_s8_params_t p{};
  p.conv.stride_h = p.conv.stride_w = k.stride;
  p.conv.dilation_h = 1, p.conv.dilation_w = k.dil_w;
  p.conv.pad_h = p.conv.pad_w = k.pad;
  p.conv.input_offset = 5, p.conv.output_offset = -9;
  p.conv.act_min = -128, p.conv.act_max = 127;
  p.conv.depth_multiplier = 1;
  const int32_t in_dims[4] = {k.n, k.h, k.w, k.c}, f_dims[4] = {k.oc, k.kh, k.kw, k.c};
  const int32_t out_dims[4] = {k.n, k.out_h, k.out_w, k.oc};
  int32_t bdims[MLONMCU_KERNELS_BROADCAST_RANK];
  mlonmcu_broadcast_extend_dims(4, out_dims, bdims);

  // Different scale ratios: conv output finer than, equal to and coarser than the skip; a ReLU.
  for (const auto& add : {add_params(0.02, 0.05, 0.06, -9, 3, -20, -128, 127),
                          add_params(0.04, 0.04, 0.05, -9, -1, 4, -128, 127),
                          add_params(0.09, 0.01, 0.07, -9, 12, -128, -128, 127)}) {
    std::vector<int8_t> conv_out(out_size), expected(out_size), separate(out_size);
    mlonmcu_conv2d_s8_ref(&p.conv, in_dims, in.data(), f_dims, f.data(), bias.data(), out_dims,
                          conv_out.data(), mult.data(), shift.data());
    mlonmcu_add_s8_ref(&add, bdims, conv_out.data(), bdims, skip.data(), bdims, expected.data());
    std::vector<int32_t> lut(MLONMCU_ADD_LUT_SIZE);
    p.add = add;
    mlonmcu_add_sub_s8_lut(&p.add, 1, lut.data());
    p.add.short_requant = mlonmcu_add_sub_s8_short_ok(&p.add, lut.data());
    mlonmcu_add_sub_s8(&p.add, bdims, conv_out.data(), bdims, skip.data(), bdims, separate.data(),
                       lut.data());
    ASSERT_EQ(separate, expected) << "the optimized ADD";

    for (int32_t layout : layouts_for(k.oc, k.kh * k.kw * k.c, f.data())) {
      const PreparedConv c =
          prepare_conv(p.conv, f_dims, f.data(), bias.data(), mult.data(), shift.data(), layout);
      mlonmcu_conv_add_s8_params_t q = p;
      q.conv = c.p;
      std::vector<int8_t> fused(out_size, 99);
      mlonmcu_conv2d_add_s8(&q, in_dims, in.data(), c.packed.data(), c.folded.data(), out_dims,
                            fused.data(), c.table.data(), lut.data(), skip.data());
      EXPECT_EQ(fused, expected) << "layout " << layout << ": separate output";

      std::vector<int8_t> plain(out_size, 99);
      mlonmcu_conv2d_add_s8(&q, in_dims, in.data(), c.packed.data(), c.folded.data(), out_dims,
                            plain.data(), c.table.data(), nullptr, nullptr);
      EXPECT_EQ(plain, conv_out) << "layout " << layout << ": without a skip, the plain convolution";

      std::vector<int8_t> in_place = skip;
      mlonmcu_conv2d_add_s8(&q, in_dims, in.data(), c.packed.data(), c.folded.data(), out_dims,
                            in_place.data(), c.table.data(), lut.data(), in_place.data());
      EXPECT_EQ(in_place, expected) << "layout " << layout << ": written over the skip tensor";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Paths, ConvAddS8,
    ::testing::Values(
        // n h w c oc kh kw stride dil_w pad oh ow
        Shape{1, 6, 8, 8, 8, 3, 3, 1, 1, 1, 6, 8},       // SAME: windows in place + border
        Shape{1, 7, 9, 3, 7, 3, 3, 1, 1, 1, 7, 9},       // odd channels: every window gathered
        Shape{1, 9, 11, 4, 6, 5, 5, 1, 1, 2, 9, 11},     // 25 taps with border
        Shape{2, 5, 7, 6, 12, 1, 1, 1, 1, 0, 5, 7},      // 1x1 direct, batch 2
        Shape{1, 8, 8, 8, 16, 1, 1, 2, 1, 0, 4, 4},      // 1x1 stride 2 (resnet's skip conv)
        Shape{1, 7, 9, 3, 3, 3, 3, 1, 2, 2, 9, 9},       // column dilation
        Shape{1, 3, 9, 4, 300, 1, 1, 1, 1, 0, 3, 9},     // rows in chunks of 3 pixels
        Shape{1, 5, 9, 8, 200, 3, 3, 1, 1, 1, 5, 9},     // chunks of 5 and 4, with border
        Shape{1, 3, 2, 4, 1030, 1, 1, 1, 1, 0, 3, 2}     // chunks of one pixel
        ));

}  // namespace
}  // namespace mlonmcu::test
