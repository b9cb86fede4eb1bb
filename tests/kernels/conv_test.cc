// CONV_2D and DEPTHWISE_CONV_2D kernels (the reference kernel and the optimized one in every
// weight layout, kernels/variants.h) against hand-computed values and against a naive
// reference that materializes the zero-point padding.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "kernels/reference.h"
#include "kernels/variants.h"
#include "mlonmcu/kernels/channel_requant.h"
#include "mlonmcu/kernels/conv.h"

namespace mlonmcu::test {
namespace {

mlonmcu_conv_s8_params_t s8_params() {
  mlonmcu_conv_s8_params_t p{};
  p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
  p.output_multiplier = 1 << 30;  // 0.5
  p.act_min = -128;
  p.act_max = 127;
  p.depth_multiplier = 1;
  return p;
}

TEST(Conv2dS8, ValidPaddingByHand) {
  // 3x3 input 1..9, 2x2 filter [1 2; 3 4], bias 10, times 0.5. Sums 47, 57, 77, 87 halve to
  // x.5, which TFLite's high multiply rounds up.
  const int8_t input[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int8_t filter[4] = {1, 2, 3, 4};
  const int32_t bias[1] = {10};
  const int32_t in_dims[4] = {1, 3, 3, 1}, f_dims[4] = {1, 2, 2, 1}, out_dims[4] = {1, 2, 2, 1};
  const auto p = s8_params();
  for (const auto& v : conv_variants(p, in_dims, input, f_dims, filter, bias, out_dims, nullptr, nullptr))
    EXPECT_EQ(v.out, (std::vector<int8_t>{24, 29, 39, 44})) << v.name;
}

TEST(Conv2dS8, SamePaddingUsesZeroPointAndClamps) {
  // Input zero point -128 (offset 128): values -127..-124 are 1..4. A 3x3 all-ones filter with
  // SAME padding sees the whole 2x2 input at every position: 10. Multiplier 1.0, output zp -5.
  const int8_t input[4] = {-127, -126, -125, -124};
  const int8_t filter[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  const int32_t in_dims[4] = {1, 2, 2, 1}, f_dims[4] = {1, 3, 3, 1}, out_dims[4] = {1, 2, 2, 1};
  auto p = s8_params();
  p.pad_h = p.pad_w = 1;
  p.input_offset = 128;
  p.output_offset = -5;
  p.output_shift = 1;  // 0.5 * 2 = 1.0
  for (const auto& v : conv_variants(p, in_dims, input, f_dims, filter, nullptr, out_dims, nullptr, nullptr))
    EXPECT_EQ(v.out, (std::vector<int8_t>{5, 5, 5, 5})) << v.name;
  p.act_max = 3;
  for (const auto& v : conv_variants(p, in_dims, input, f_dims, filter, nullptr, out_dims, nullptr, nullptr))
    EXPECT_EQ(v.out, (std::vector<int8_t>{3, 3, 3, 3})) << v.name;
}

TEST(Conv2dS8, DoubleRoundingAndPerChannel) {
  // One pixel, two output channels: acc 5 and -5. Channel 0: 0.5 * 2^-1 -> 5 * 0.25 = 1.25,
  // but the high multiply first rounds 2.5 up to 3, then 3 / 2 = 1.5 rounds away to 2.
  // Channel 1: 0.5 -> -2.5 rounds up to -2.
  const int8_t input[1] = {5};
  const int8_t filter[2] = {1, -1};
  const int32_t mult[2] = {1 << 30, 1 << 30};
  const int32_t shift[2] = {-1, 0};
  const int32_t in_dims[4] = {1, 1, 1, 1}, f_dims[4] = {2, 1, 1, 1}, out_dims[4] = {1, 1, 1, 2};
  const auto p = s8_params();
  for (const auto& v : conv_variants(p, in_dims, input, f_dims, filter, nullptr, out_dims, mult, shift))
    EXPECT_EQ(v.out, (std::vector<int8_t>{2, -2})) << v.name;
}

TEST(Conv2dS8, SaturatesToInt8) {
  const int8_t input[1] = {127};
  const int8_t filter[2] = {127, -127};
  const int32_t in_dims[4] = {1, 1, 1, 1}, f_dims[4] = {2, 1, 1, 1}, out_dims[4] = {1, 1, 1, 2};
  auto p = s8_params();
  p.output_shift = 10;  // large positive shift
  for (const auto& v : conv_variants(p, in_dims, input, f_dims, filter, nullptr, out_dims, nullptr, nullptr))
    EXPECT_EQ(v.out, (std::vector<int8_t>{127, -128})) << v.name;
}

// Naive reference: pads the input explicitly with its zero point, then sums every tap.
struct ConvCase {
  int32_t n, h, w, c, oc, kh, kw, groups;
  int32_t stride_h, stride_w, dil_h, dil_w, pad_h, pad_w, out_h, out_w;
};

std::vector<int8_t> reference_conv(const ConvCase& k, const std::vector<int8_t>& in, int32_t in_zp,
                                   const std::vector<int8_t>& f, const std::vector<int32_t>& bias,
                                   const std::vector<int32_t>& mult, const std::vector<int32_t>& shift,
                                   int32_t out_zp, int32_t lo, int32_t hi) {
  const int32_t ph = k.h + 2 * k.pad_h + k.kh * k.dil_h, pw = k.w + 2 * k.pad_w + k.kw * k.dil_w;
  std::vector<int32_t> padded(static_cast<size_t>(k.n) * ph * pw * k.c, in_zp);
  for (int b = 0; b < k.n; ++b)
    for (int y = 0; y < k.h; ++y)
      for (int x = 0; x < k.w; ++x)
        for (int c = 0; c < k.c; ++c)
          padded[((static_cast<size_t>(b) * ph + y + k.pad_h) * pw + x + k.pad_w) * k.c + c] =
              in[((static_cast<size_t>(b) * k.h + y) * k.w + x) * k.c + c];
  const int32_t kc = k.c / k.groups, per_group = k.oc / k.groups;
  std::vector<int8_t> out;
  for (int b = 0; b < k.n; ++b)
    for (int oy = 0; oy < k.out_h; ++oy)
      for (int ox = 0; ox < k.out_w; ++ox)
        for (int o = 0; o < k.oc; ++o) {
          int64_t acc = bias[o];
          for (int ky = 0; ky < k.kh; ++ky)
            for (int kx = 0; kx < k.kw; ++kx)
              for (int ic = 0; ic < kc; ++ic) {
                const int y = oy * k.stride_h + ky * k.dil_h, x = ox * k.stride_w + kx * k.dil_w;
                const int32_t v = padded[((static_cast<size_t>(b) * ph + y) * pw + x) * k.c +
                                         (o / per_group) * kc + ic];
                acc += static_cast<int64_t>(f[((static_cast<size_t>(o) * k.kh + ky) * k.kw + kx) * kc + ic]) *
                       (v - in_zp);
              }
          out.push_back(static_cast<int8_t>(
              clamp(ref_requantize(static_cast<int32_t>(acc), mult[o], shift[o]) + out_zp, lo, hi)));
        }
  return out;
}

class Conv2dS8Random : public ::testing::TestWithParam<ConvCase> {};

TEST_P(Conv2dS8Random, MatchesPaddedReference) {
  const ConvCase k = GetParam();
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> byte(-128, 127), small(-2000, 2000);
  std::uniform_int_distribution<int> mant((1 << 30), INT32_MAX), sh(-9, 2);
  std::vector<int8_t> in(static_cast<size_t>(k.n) * k.h * k.w * k.c);
  std::vector<int8_t> f(static_cast<size_t>(k.oc) * k.kh * k.kw * (k.c / k.groups));
  std::vector<int32_t> bias(k.oc), mult(k.oc), shift(k.oc);
  for (auto& v : in) v = static_cast<int8_t>(byte(rng));
  for (auto& v : f) v = static_cast<int8_t>(byte(rng));
  for (int o = 0; o < k.oc; ++o) bias[o] = small(rng), mult[o] = mant(rng), shift[o] = sh(rng) - 8;
  const int32_t in_zp = 7, out_zp = -3, lo = -100, hi = 120;
  mlonmcu_conv_s8_params_t p{};
  p.stride_h = k.stride_h, p.stride_w = k.stride_w, p.dilation_h = k.dil_h, p.dilation_w = k.dil_w;
  p.pad_h = k.pad_h, p.pad_w = k.pad_w, p.input_offset = -in_zp, p.output_offset = out_zp;
  p.act_min = lo, p.act_max = hi;
  const int32_t in_dims[4] = {k.n, k.h, k.w, k.c}, f_dims[4] = {k.oc, k.kh, k.kw, k.c / k.groups};
  const int32_t out_dims[4] = {k.n, k.out_h, k.out_w, k.oc};
  const auto expected = reference_conv(k, in, in_zp, f, bias, mult, shift, out_zp, lo, hi);
  for (const auto& v : conv_variants(p, in_dims, in.data(), f_dims, f.data(), bias.data(), out_dims,
                                     mult.data(), shift.data()))
    EXPECT_EQ(v.out, expected) << v.name;
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, Conv2dS8Random,
    ::testing::Values(
        // n h w c oc kh kw groups sh sw dh dw ph pw oh ow
        ConvCase{1, 5, 5, 3, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 5, 5},   // SAME, stride 1
        ConvCase{1, 7, 6, 2, 3, 3, 3, 1, 2, 2, 1, 1, 1, 1, 4, 3},   // SAME, stride 2, odd sizes
        ConvCase{2, 6, 6, 3, 2, 2, 2, 1, 1, 1, 2, 2, 0, 0, 4, 4},   // VALID, dilation 2, batch 2
        ConvCase{1, 9, 5, 1, 5, 3, 1, 1, 1, 1, 3, 1, 3, 0, 9, 5},   // dilation 3 with padding
        ConvCase{1, 4, 4, 4, 6, 1, 1, 2, 1, 1, 1, 1, 0, 0, 4, 4},   // grouped 1x1
        ConvCase{1, 10, 4, 2, 2, 10, 4, 1, 1, 1, 1, 1, 0, 0, 1, 1}  // filter as big as input
        ));

// Shapes that exercise the blocked loops of the int8 kernel: interior pixel pairs with an odd
// pixel left over, an odd number of output channels, 1x1 convolutions (flattened into one row
// of pixels when unpadded with stride 1), channel counts that leave a remainder after the
// 4-way unrolling, row dilation, asymmetric windows and windows wider than the input.
INSTANTIATE_TEST_SUITE_P(
    BlockedLoops, Conv2dS8Random,
    ::testing::Values(
        // n h w c oc kh kw groups sh sw dh dw ph pw oh ow
        ConvCase{1, 6, 7, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 6, 7},    // odd oc, odd width
        ConvCase{2, 5, 5, 7, 5, 1, 1, 1, 1, 1, 1, 1, 0, 0, 5, 5},    // 1x1 matmul, batch 2
        ConvCase{1, 6, 6, 8, 4, 1, 1, 1, 2, 2, 1, 1, 0, 0, 3, 3},    // 1x1 stride 2
        ConvCase{1, 9, 8, 3, 6, 3, 3, 1, 2, 2, 1, 1, 1, 1, 5, 4},    // stride 2 SAME
        ConvCase{1, 10, 9, 16, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 10, 9}, // row_len multiple of 4
        ConvCase{1, 8, 8, 3, 2, 3, 3, 1, 1, 1, 2, 1, 2, 1, 8, 8},    // row dilation only
        ConvCase{1, 7, 9, 2, 3, 2, 5, 1, 1, 1, 1, 1, 0, 2, 6, 9},    // 2x5 window, pad w only
        ConvCase{1, 3, 2, 4, 2, 3, 5, 1, 1, 1, 1, 1, 1, 2, 3, 2},    // window wider than input
        ConvCase{1, 1, 1, 10, 7, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1},   // single pixel
        ConvCase{1, 9, 9, 2, 3, 8, 7, 1, 1, 1, 1, 1, 3, 3, 8, 9},    // 56 taps: no per-tap sums
        ConvCase{1, 5, 6, 9, 3, 3, 3, 1, 1, 1, 1, 1, 3, 3, 9, 10}    // pad 3: windows all padding
        ));

// Shapes for the blocks of the portable (RISC-V) path: 4 channels x 2 pixels where the window
// is small or needs no per-tap sums, else 2 channels x 3 pixels; channel counts and row widths
// leave every kind of remainder (a channel pair or single channel after the quads, 1 or 2
// pixels after the triples, an odd pixel after the pairs).
INSTANTIATE_TEST_SUITE_P(
    ChannelQuadsAndPixelTriples, Conv2dS8Random,
    ::testing::Values(
        // n h w c oc kh kw groups sh sw dh dw ph pw oh ow
        ConvCase{1, 6, 8, 5, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 6, 8},     // two quads, SAME
        ConvCase{1, 7, 10, 3, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 7, 10},   // quad + odd pair, 8 inner px
        ConvCase{1, 9, 11, 4, 6, 5, 5, 1, 1, 1, 1, 1, 2, 2, 9, 11},   // 25 taps + border: triples
        ConvCase{1, 8, 9, 3, 10, 5, 5, 1, 1, 1, 1, 1, 0, 0, 4, 5},    // 25 taps, no border: quads
        ConvCase{1, 10, 10, 2, 5, 8, 7, 1, 1, 1, 1, 1, 3, 3, 9, 10},  // 56 taps, border, no sums
        ConvCase{1, 5, 7, 6, 12, 1, 1, 1, 1, 1, 1, 1, 0, 0, 5, 7},    // 1x1 flattened, 35 px
        ConvCase{2, 9, 9, 5, 4, 3, 3, 1, 2, 2, 1, 1, 1, 1, 5, 5}      // stride 2, batch 2
        ));

std::vector<int8_t> reference_depthwise(const ConvCase& k, int32_t mult_depth,
                                        const std::vector<int8_t>& in, int32_t in_zp,
                                        const std::vector<int8_t>& f,
                                        const std::vector<int32_t>& bias,
                                        const std::vector<int32_t>& mult,
                                        const std::vector<int32_t>& shift, int32_t out_zp) {
  std::vector<int8_t> out;
  const int32_t oc = k.c * mult_depth;
  for (int b = 0; b < k.n; ++b)
    for (int oy = 0; oy < k.out_h; ++oy)
      for (int ox = 0; ox < k.out_w; ++ox)
        for (int o = 0; o < oc; ++o) {
          int64_t acc = bias[o];
          for (int ky = 0; ky < k.kh; ++ky)
            for (int kx = 0; kx < k.kw; ++kx) {
              const int y = oy * k.stride_h + ky * k.dil_h - k.pad_h;
              const int x = ox * k.stride_w + kx * k.dil_w - k.pad_w;
              const int32_t v = (y < 0 || y >= k.h || x < 0 || x >= k.w)
                                    ? in_zp
                                    : in[((static_cast<size_t>(b) * k.h + y) * k.w + x) * k.c + o / mult_depth];
              acc += static_cast<int64_t>(f[(static_cast<size_t>(ky) * k.kw + kx) * oc + o]) * (v - in_zp);
            }
          out.push_back(static_cast<int8_t>(
              clamp(ref_requantize(static_cast<int32_t>(acc), mult[o], shift[o]) + out_zp, -128, 127)));
        }
  return out;
}

TEST(DepthwiseConv2dS8, DepthMultiplierByHand) {
  // Two input channels, depth multiplier 2: output channels (c0*1, c0*2, c1*3, c1*4) summed over
  // a 1x2 window, multiplier 1.0 (2^30, shift 1).
  const int8_t input[4] = {1, 10, 2, 20};  // 1x1x2x2: pixels (1,10), (2,20)
  const int8_t filter[8] = {1, 2, 3, 4, 1, 2, 3, 4};
  const int32_t in_dims[4] = {1, 1, 2, 2}, f_dims[4] = {1, 1, 2, 4}, out_dims[4] = {1, 1, 1, 4};
  auto p = s8_params();
  p.output_shift = 1;
  p.depth_multiplier = 2;
  for (const auto& v : depthwise_variants(p, in_dims, input, f_dims, filter, nullptr, out_dims, nullptr, nullptr))
    EXPECT_EQ(v.out, (std::vector<int8_t>{3, 6, 90, 120})) << v.name;
}

TEST(DepthwiseConv2dS8, MatchesReferenceWithPaddingStrideDilation) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> byte(-128, 127);
  for (const auto& [k, m] : std::vector<std::pair<ConvCase, int32_t>>{
           {ConvCase{1, 6, 5, 3, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 6, 5}, 2},
           {ConvCase{2, 7, 7, 4, 4, 3, 3, 1, 2, 2, 1, 1, 1, 1, 4, 4}, 1},
           {ConvCase{1, 8, 8, 2, 6, 3, 2, 1, 1, 2, 2, 2, 2, 1, 8, 4}, 3}}) {
    const int32_t oc = k.c * m;
    std::vector<int8_t> in(static_cast<size_t>(k.n) * k.h * k.w * k.c), f(static_cast<size_t>(k.kh) * k.kw * oc);
    std::vector<int32_t> bias(oc), mult(oc), shift(oc);
    for (auto& v : in) v = static_cast<int8_t>(byte(rng));
    for (auto& v : f) v = static_cast<int8_t>(byte(rng));
    for (int o = 0; o < oc; ++o) bias[o] = o * 37 - 50, mult[o] = (1 << 30) + o * 12345, shift[o] = -7 - (o % 3);
    mlonmcu_conv_s8_params_t p{};
    p.stride_h = k.stride_h, p.stride_w = k.stride_w, p.dilation_h = k.dil_h, p.dilation_w = k.dil_w;
    p.pad_h = k.pad_h, p.pad_w = k.pad_w, p.input_offset = 5, p.output_offset = 2;
    p.act_min = -128, p.act_max = 127, p.depth_multiplier = m;
    const int32_t in_dims[4] = {k.n, k.h, k.w, k.c}, f_dims[4] = {1, k.kh, k.kw, oc};
    const int32_t out_dims[4] = {k.n, k.out_h, k.out_w, oc};
    const auto expected = reference_depthwise(k, m, in, -5, f, bias, mult, shift, 2);
    for (const auto& v : depthwise_variants(p, in_dims, in.data(), f_dims, f.data(), bias.data(), out_dims,
                                            mult.data(), shift.data()))
      EXPECT_EQ(v.out, expected) << v.name;
  }
}

// Images large enough for interior pixels, so the 3x3 fast paths (sliding window at stride 1,
// plain at stride 2 or with dilation) and the folded input offset run next to the borders.
TEST(DepthwiseConv2dS8, InteriorFastPathsMatchReference) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(-128, 127);
  for (const auto& [k, m] : std::vector<std::pair<ConvCase, int32_t>>{
           {ConvCase{1, 9, 11, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 9, 11}, 1},   // SAME stride 1
           {ConvCase{1, 10, 9, 3, 3, 3, 3, 1, 2, 2, 1, 1, 0, 0, 4, 4}, 1},    // VALID stride 2
           {ConvCase{2, 9, 9, 4, 4, 3, 3, 1, 2, 2, 1, 1, 1, 1, 5, 5}, 1},     // SAME stride 2, batch 2
           {ConvCase{1, 8, 10, 2, 4, 3, 3, 1, 1, 1, 2, 2, 2, 2, 8, 10}, 2},   // dilation 2, dm 2
           {ConvCase{1, 7, 8, 3, 3, 3, 3, 1, 1, 1, 1, 1, 0, 0, 5, 6}, 1},     // VALID stride 1
           {ConvCase{1, 8, 8, 2, 2, 5, 5, 1, 1, 1, 1, 1, 2, 2, 8, 8}, 1},     // 5x5 window
           {ConvCase{1, 6, 7, 3, 3, 3, 3, 1, 1, 3, 1, 1, 1, 1, 6, 3}, 1}}) {  // stride 3 columns
    const int32_t oc = k.c * m;
    std::vector<int8_t> in(static_cast<size_t>(k.n) * k.h * k.w * k.c), f(static_cast<size_t>(k.kh) * k.kw * oc);
    std::vector<int32_t> bias(oc), mult(oc), shift(oc);
    for (auto& v : in) v = static_cast<int8_t>(byte(rng));
    for (auto& v : f) v = static_cast<int8_t>(byte(rng));
    for (int o = 0; o < oc; ++o) bias[o] = o * 91 - 300, mult[o] = (1 << 30) + o * 54321, shift[o] = -6 - (o % 4);
    mlonmcu_conv_s8_params_t p{};
    p.stride_h = k.stride_h, p.stride_w = k.stride_w, p.dilation_h = k.dil_h, p.dilation_w = k.dil_w;
    p.pad_h = k.pad_h, p.pad_w = k.pad_w, p.input_offset = -9, p.output_offset = -4;
    p.act_min = -128, p.act_max = 127, p.depth_multiplier = m;
    const int32_t in_dims[4] = {k.n, k.h, k.w, k.c}, f_dims[4] = {1, k.kh, k.kw, oc};
    const int32_t out_dims[4] = {k.n, k.out_h, k.out_w, oc};
    const auto expected = reference_depthwise(k, m, in, 9, f, bias, mult, shift, -4);
    for (const auto& v : depthwise_variants(p, in_dims, in.data(), f_dims, f.data(), bias.data(), out_dims,
                                            mult.data(), shift.data()))
      EXPECT_EQ(v.out, expected) << v.name << " " << k.h << "x" << k.w;
  }
}

// Narrow and wide rows, odd channel counts, windows that lie entirely in the padding; the input
// zero point is -128 so the padding value is the extreme int8.
TEST(DepthwiseConv2dS8, PixelMajorAndWideRowsMatchReference) {
  std::mt19937 rng(2024);
  std::uniform_int_distribution<int> byte(-128, 127);
  for (const auto& k : std::vector<ConvCase>{
           ConvCase{1, 4, 15, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 4, 15},   // wide, stride 1
           ConvCase{1, 5, 27, 6, 6, 3, 3, 1, 2, 2, 1, 1, 1, 1, 3, 14},   // wide, stride 2
           ConvCase{2, 6, 12, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 6, 12},   // 12 columns, 2 groups
           ConvCase{1, 5, 5, 7, 7, 3, 3, 1, 2, 2, 1, 1, 1, 1, 3, 3},     // 4 + 3 channels
           ConvCase{1, 6, 6, 9, 9, 2, 3, 1, 1, 1, 2, 1, 1, 1, 5, 6},     // 2x3, row dilation
           ConvCase{1, 3, 3, 4, 4, 3, 3, 1, 1, 1, 1, 1, 3, 3, 7, 7}}) {  // all-padding windows
    std::vector<int8_t> in(static_cast<size_t>(k.n) * k.h * k.w * k.c), f(static_cast<size_t>(k.kh) * k.kw * k.c);
    std::vector<int32_t> bias(k.c), mult(k.c), shift(k.c);
    for (auto& v : in) v = static_cast<int8_t>(byte(rng));
    for (auto& v : f) v = static_cast<int8_t>(byte(rng));
    for (int o = 0; o < k.c; ++o) bias[o] = o * 513 - 2000, mult[o] = (1 << 30) + o * 7777, shift[o] = -7 - (o % 3);
    mlonmcu_conv_s8_params_t p{};
    p.stride_h = k.stride_h, p.stride_w = k.stride_w, p.dilation_h = k.dil_h, p.dilation_w = k.dil_w;
    p.pad_h = k.pad_h, p.pad_w = k.pad_w, p.input_offset = 128, p.output_offset = 3;
    p.act_min = -128, p.act_max = 127, p.depth_multiplier = 1;
    const int32_t in_dims[4] = {k.n, k.h, k.w, k.c}, f_dims[4] = {1, k.kh, k.kw, k.c};
    const int32_t out_dims[4] = {k.n, k.out_h, k.out_w, k.c};
    const auto expected = reference_depthwise(k, 1, in, -128, f, bias, mult, shift, 3);
    for (const auto& v : depthwise_variants(p, in_dims, in.data(), f_dims, f.data(), bias.data(), out_dims,
                                            mult.data(), shift.data()))
      EXPECT_EQ(v.out, expected) << v.name << " " << k.h << "x" << k.w;
  }
}

// Layers larger than one strip of the per-channel planes (cores without SIMD) and rows too wide
// for any plane or band: every strategy of the optimized kernel meets the reference.
TEST(DepthwiseConv2dS8, StripsAndVeryWideRowsMatchReference) {
  std::mt19937 rng(31);
  std::uniform_int_distribution<int> byte(-128, 127);
  for (const auto& k : std::vector<ConvCase>{
           ConvCase{1, 40, 40, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 40, 40},    // strips of 12 rows
           ConvCase{1, 45, 45, 2, 2, 3, 3, 1, 2, 2, 1, 1, 1, 1, 23, 23},    // stride 2 strips
           ConvCase{1, 30, 30, 2, 2, 5, 5, 1, 1, 1, 1, 1, 2, 2, 30, 30},    // 5x5 strips
           ConvCase{1, 4, 1500, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 4, 1500},  // no plane, no band
           ConvCase{1, 3, 2000, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 3, 2000}}) {  // band only
    std::vector<int8_t> in(static_cast<size_t>(k.n) * k.h * k.w * k.c), f(static_cast<size_t>(k.kh) * k.kw * k.c);
    std::vector<int32_t> bias(k.c), mult(k.c), shift(k.c);
    for (auto& v : in) v = static_cast<int8_t>(byte(rng));
    for (auto& v : f) v = static_cast<int8_t>(byte(rng));
    for (int o = 0; o < k.c; ++o) bias[o] = o * 213 - 900, mult[o] = (1 << 30) + o * 3333, shift[o] = -8 - o;
    mlonmcu_conv_s8_params_t p{};
    p.stride_h = k.stride_h, p.stride_w = k.stride_w, p.dilation_h = k.dil_h, p.dilation_w = k.dil_w;
    p.pad_h = k.pad_h, p.pad_w = k.pad_w, p.input_offset = 11, p.output_offset = -7;
    p.act_min = -128, p.act_max = 127, p.depth_multiplier = 1;
    const int32_t in_dims[4] = {k.n, k.h, k.w, k.c}, f_dims[4] = {1, k.kh, k.kw, k.c};
    const int32_t out_dims[4] = {k.n, k.out_h, k.out_w, k.c};
    const auto expected = reference_depthwise(k, 1, in, -11, f, bias, mult, shift, -7);
    for (const auto& v : depthwise_variants(p, in_dims, in.data(), f_dims, f.data(), bias.data(), out_dims,
                                            mult.data(), shift.data()))
      EXPECT_EQ(v.out, expected) << v.name << " " << k.h << "x" << k.w;
  }
}

// Channels the short form does not cover (left shifts, shift -1, large right shifts and output
// offsets, a negative multiplier) still go through the general requantization, in both
// depthwise strategies.
TEST(DepthwiseConv2dS8, UnusualRequantParamsMatchReference) {
  std::mt19937 rng(55);
  std::uniform_int_distribution<int> byte(-128, 127);
  for (const int32_t out_zp : {0, 700})
    for (const auto& k : std::vector<ConvCase>{
             ConvCase{1, 5, 14, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 5, 14},   // wide rows
             ConvCase{1, 5, 6, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 5, 6}}) {  // pixel-major
      std::vector<int8_t> in(static_cast<size_t>(k.h) * k.w * k.c);
      std::vector<int8_t> f(static_cast<size_t>(9) * k.c);
      for (auto& v : in) v = static_cast<int8_t>(byte(rng));
      for (auto& v : f) v = static_cast<int8_t>(byte(rng));
      const std::vector<int32_t> bias{100, -3000, 77, 5, -9, 40000};
      const std::vector<int32_t> mult{(1 << 30) + 99, INT32_MAX, 1 << 30, -(1 << 30), 1 << 30, 1 << 30};
      const std::vector<int32_t> shift{1, -1, -25, -8, 0, -21};
      mlonmcu_conv_s8_params_t p{};
      p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
      p.pad_h = p.pad_w = 1, p.input_offset = 7, p.output_offset = out_zp;
      p.act_min = -128, p.act_max = 127, p.depth_multiplier = 1;
      const int32_t in_dims[4] = {1, k.h, k.w, k.c}, f_dims[4] = {1, 3, 3, k.c};
      const int32_t out_dims[4] = {1, k.out_h, k.out_w, k.c};
      const auto expected = reference_depthwise(k, 1, in, -7, f, bias, mult, shift, out_zp);
      for (const auto& v : depthwise_variants(p, in_dims, in.data(), f_dims, f.data(), bias.data(),
                                              out_dims, mult.data(), shift.data()))
        EXPECT_EQ(v.out, expected) << v.name << " " << k.w << " " << out_zp;
    }
}

TEST(Conv2dF32, ByHandWithBiasAndRelu6Clamp) {
  const float input[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const float filter[4] = {1, 0, 0, -1};
  const float bias[1] = {0.5f};
  const int32_t in_dims[4] = {1, 3, 3, 1}, f_dims[4] = {1, 2, 2, 1}, out_dims[4] = {1, 2, 2, 1};
  mlonmcu_conv_f32_params_t p{};
  p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
  p.act_min = -1.0f, p.act_max = 6.0f;
  float out[4] = {};
  mlonmcu_conv2d_f32(&p, in_dims, input, f_dims, filter, bias, out_dims, out);
  // x[i] - x[i+4] = -4, + 0.5 = -3.5, clamped to -1.
  for (float v : out) EXPECT_EQ(v, -1.0f);
  p.act_min = -10.0f;
  mlonmcu_conv2d_f32(&p, in_dims, input, f_dims, filter, bias, out_dims, out);
  for (float v : out) EXPECT_EQ(v, -3.5f);
}

TEST(DepthwiseConv2dF32, SamePaddingByHand) {
  // 2x2 input, one channel, 3x3 all-ones filter, SAME: each output is the sum of all 4 inputs.
  const float input[4] = {1, 2, 3, 4};
  const float filter[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  const int32_t in_dims[4] = {1, 2, 2, 1}, f_dims[4] = {1, 3, 3, 1}, out_dims[4] = {1, 2, 2, 1};
  mlonmcu_conv_f32_params_t p{};
  p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
  p.pad_h = p.pad_w = 1;
  p.act_min = -1e30f, p.act_max = 1e30f, p.depth_multiplier = 1;
  float out[4] = {};
  mlonmcu_depthwise_conv2d_f32(&p, in_dims, input, f_dims, filter, nullptr, out_dims, out);
  for (float v : out) EXPECT_EQ(v, 10.0f);
}

}  // namespace
}  // namespace mlonmcu::test
