// The kernel variants the aot backend calls directly (mlonmcu/kernels/variant.h): the rule that
// names a layer's variant, and every variant's entry point against the reference kernel on a
// layer made to take that variant. (On the targets, the equivalence suite reaches the same entry
// points through the kernels' dispatchers.)
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/variants.h"
#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/kernels/variant.h"

namespace mlonmcu::test {
namespace {

constexpr mlonmcu_gemm_fn_t kGemm[MLONMCU_VARIANT_COUNT] = {
    mlonmcu_gemm_s8_general, mlonmcu_gemm_s8_short, mlonmcu_gemm_s8_short2,
    mlonmcu_gemm_s8_short_clamp, mlonmcu_gemm_s8_long, mlonmcu_gemm_s8_long_clamp,
    mlonmcu_gemm_s8_paired};
constexpr mlonmcu_dw_row_fn_t kDwRow[MLONMCU_VARIANT_PAIRED] = {
    mlonmcu_dw_row_general, mlonmcu_dw_row_short, mlonmcu_dw_row_short2,
    mlonmcu_dw_row_short_clamp, mlonmcu_dw_row_long, mlonmcu_dw_row_long_clamp};

TEST(KernelVariant, FollowsLayoutFormAndActivationRange) {
  const int32_t blocked = MLONMCU_WEIGHTS_S8_BLOCKED, paired = MLONMCU_WEIGHTS_S16_PAIRED;
  EXPECT_EQ(mlonmcu_kernel_variant(blocked, 0, -128, 127), MLONMCU_VARIANT_GENERAL);
  EXPECT_EQ(mlonmcu_kernel_variant(blocked, 0, 0, 127), MLONMCU_VARIANT_GENERAL);
  EXPECT_EQ(mlonmcu_kernel_variant(blocked, 1, -128, 127), MLONMCU_VARIANT_SHORT);
  EXPECT_EQ(mlonmcu_kernel_variant(blocked, 1, -128, 126), MLONMCU_VARIANT_SHORT_CLAMP);
  EXPECT_EQ(mlonmcu_kernel_variant(blocked, 2, -128, 127), MLONMCU_VARIANT_SHORT2);
  EXPECT_EQ(mlonmcu_kernel_variant(blocked, 2, -127, 127), MLONMCU_VARIANT_SHORT_CLAMP);
  EXPECT_EQ(mlonmcu_kernel_variant(blocked, 3, -128, 127), MLONMCU_VARIANT_LONG);
  EXPECT_EQ(mlonmcu_kernel_variant(blocked, 3, -5, 127), MLONMCU_VARIANT_LONG_CLAMP);
  EXPECT_EQ(mlonmcu_kernel_variant(0, 1, -128, 127), MLONMCU_VARIANT_SHORT);  // depthwise
  for (int form = 0; form <= 3; ++form) {
    EXPECT_EQ(mlonmcu_kernel_variant(paired, form, -128, 127), MLONMCU_VARIANT_PAIRED);
    EXPECT_EQ(mlonmcu_kernel_variant(MLONMCU_WEIGHTS_S16_PERMUTED, form, -128, 127),
              MLONMCU_VARIANT_PAIRED);
  }
  EXPECT_STREQ(mlonmcu_kernel_variant_name(MLONMCU_VARIANT_SHORT_CLAMP), "short_clamp");
  EXPECT_STREQ(mlonmcu_kernel_variant_name(MLONMCU_VARIANT_PAIRED), "paired");
  EXPECT_EQ(mlonmcu_kernel_variant_name(MLONMCU_VARIANT_NONE), nullptr);
  EXPECT_EQ(mlonmcu_kernel_variant_name(MLONMCU_VARIANT_COUNT), nullptr);
}

// Quantization that makes the layer take `variant`: right shifts of at most 9 with small
// accumulators (form 1), shifts below -20 (form 2), biases beyond 2^30 (form 3), a left shift
// (the general form); a clamp where the variant has one.
struct Layer {
  std::vector<int8_t> in, filter;
  std::vector<int32_t> bias, mult, shift;
  int32_t act_min = -128, act_max = 127;
};

Layer layer_for(int variant, size_t in_size, size_t filter_size, int32_t channels, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(-127, 127), small(-2000, 2000);
  std::uniform_int_distribution<int32_t> mant(1 << 30, INT32_MAX);
  Layer l;
  l.in.resize(in_size), l.filter.resize(filter_size);
  for (auto& v : l.in) v = static_cast<int8_t>(byte(rng));
  for (auto& v : l.filter) v = static_cast<int8_t>(byte(rng));
  for (int32_t c = 0; c < channels; ++c) {
    int32_t shift = -1 - c % 9, bias = small(rng);
    if (variant == MLONMCU_VARIANT_SHORT2) shift = -22 - c % 5;
    if (variant == MLONMCU_VARIANT_LONG || variant == MLONMCU_VARIANT_LONG_CLAMP)
      bias = (c % 2 ? 1 : -1) * (1 << 30);
    if (variant == MLONMCU_VARIANT_GENERAL) shift = 2;
    l.bias.push_back(bias), l.mult.push_back(mant(rng)), l.shift.push_back(shift);
  }
  if (variant == MLONMCU_VARIANT_SHORT_CLAMP || variant == MLONMCU_VARIANT_LONG_CLAMP)
    l.act_min = -100, l.act_max = 90;
  return l;
}

mlonmcu_conv_s8_params_t conv_params(const Layer& l) {
  mlonmcu_conv_s8_params_t p{};
  p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
  p.pad_h = p.pad_w = 1;
  p.input_offset = -3, p.output_offset = 5;
  p.act_min = l.act_min, p.act_max = l.act_max;
  p.depth_multiplier = 1;
  return p;
}

TEST(KernelVariant, EachConvAndFullyConnectedEntryPointMatchesTheReference) {
  const int32_t in_dims[4] = {1, 5, 6, 8}, f_dims[4] = {6, 3, 3, 8}, out_dims[4] = {1, 5, 6, 6};
  const size_t n_out = 5 * 6 * 6;
  for (int v = 0; v < MLONMCU_VARIANT_COUNT; ++v) {
    const std::string name = mlonmcu_kernel_variant_name(v);
    const int form_of = v == MLONMCU_VARIANT_PAIRED ? MLONMCU_VARIANT_SHORT : v;
    const Layer l = layer_for(form_of, 5 * 6 * 8, 6 * 9 * 8, 6, 100u + static_cast<uint32_t>(v));
    const mlonmcu_conv_s8_params_t p = conv_params(l);
    std::vector<int8_t> expected(n_out), got(n_out, 99);
    mlonmcu_conv2d_s8_ref(&p, in_dims, l.in.data(), f_dims, l.filter.data(), l.bias.data(), out_dims,
                          expected.data(), l.mult.data(), l.shift.data());
    const int32_t layout =
        v == MLONMCU_VARIANT_PAIRED ? MLONMCU_WEIGHTS_S16_PAIRED : MLONMCU_WEIGHTS_S8_BLOCKED;
    const PreparedConv c = prepare_conv(p, f_dims, l.filter.data(), l.bias.data(), l.mult.data(),
                                        l.shift.data(), layout);
    ASSERT_EQ(mlonmcu_conv2d_s8_variant(&c.p), v) << name;
    mlonmcu_conv2d_s8_with(kGemm[v], &c.p, in_dims, l.in.data(), c.packed.data(), c.folded.data(),
                           out_dims, got.data(), c.table.data());
    EXPECT_EQ(got, expected) << "conv " << name;

    // The same weights as a FULLY_CONNECTED of 3 rows x 72 values into 6 units.
    mlonmcu_fully_connected_s8_params_t fp{};
    fp.input_offset = p.input_offset, fp.output_offset = p.output_offset;
    fp.act_min = p.act_min, fp.act_max = p.act_max;
    fp.weight_layout = layout, fp.short_requant = c.p.short_requant;
    fp.accum_depth = 72, fp.output_depth = 6;
    std::vector<int8_t> fc_expected(18), fc_got(18, 99);
    mlonmcu_fully_connected_s8_ref(&fp, 3, 72, 6, l.in.data(), l.filter.data(), l.bias.data(),
                                   fc_expected.data(), l.mult.data(), l.shift.data());
    ASSERT_EQ(mlonmcu_fully_connected_s8_variant(&fp), v) << name;
    mlonmcu_fully_connected_s8_with(kGemm[v], &fp, 3, 72, 6, l.in.data(), c.packed.data(),
                                    c.folded.data(), fc_got.data(), c.table.data());
    EXPECT_EQ(fc_got, fc_expected) << "fully connected " << name;
  }
}

TEST(KernelVariant, EachDepthwiseEntryPointMatchesTheReference) {
  const int32_t in_dims[4] = {1, 6, 5, 12}, f_dims[4] = {1, 3, 3, 12}, out_dims[4] = {1, 6, 5, 12};
  const size_t n_out = 6 * 5 * 12;
  for (int v = 0; v < MLONMCU_VARIANT_PAIRED; ++v) {
    const std::string name = mlonmcu_kernel_variant_name(v);
    const Layer l = layer_for(v, 6 * 5 * 12, 9 * 12, 12, 200u + static_cast<uint32_t>(v));
    mlonmcu_conv_s8_params_t p = conv_params(l);
    std::vector<int8_t> expected(n_out), got(n_out, 99);
    mlonmcu_depthwise_conv2d_s8_ref(&p, in_dims, l.in.data(), f_dims, l.filter.data(), l.bias.data(),
                                    out_dims, expected.data(), l.mult.data(), l.shift.data());
    std::vector<int32_t> folded(12);
    mlonmcu_fold_bias_depthwise_s8(f_dims, l.filter.data(), l.bias.data(), p.input_offset,
                                   folded.data());
    p.short_requant = mlonmcu_short_requant_form(12, 9, l.filter.data(), 1, 12, folded.data(),
                                                 l.mult.data(), l.shift.data());
    const auto table = requant_entries(l.mult, l.shift, p.output_offset, p.short_requant);
    ASSERT_EQ(mlonmcu_depthwise_conv2d_s8_variant(&p, in_dims, f_dims, out_dims), v) << name;
    mlonmcu_depthwise_conv2d_s8_with(kDwRow[v], &p, in_dims, l.in.data(), f_dims, l.filter.data(),
                                     folded.data(), out_dims, got.data(), table.data());
    EXPECT_EQ(got, expected) << "depthwise " << name;
  }
}

TEST(KernelVariant, DepthwiseWithoutRowsHasNoVariant) {
  mlonmcu_conv_s8_params_t p = conv_params(Layer{});
  const int32_t f_dims[4] = {1, 3, 3, 8}, out_dims[4] = {1, 4, 4, 8};
  const int32_t in4[4] = {1, 4, 4, 4}, in8[4] = {1, 4, 4, 8};
  p.depth_multiplier = 2;  // 4 input channels, 8 outputs
  EXPECT_EQ(mlonmcu_depthwise_conv2d_s8_variant(&p, in4, f_dims, out_dims), MLONMCU_VARIANT_NONE);
  p.depth_multiplier = 1;
  EXPECT_EQ(mlonmcu_depthwise_conv2d_s8_variant(&p, in8, f_dims, out_dims),
            MLONMCU_VARIANT_GENERAL);
  // A band of 3 rows x 402 columns x 8 channels does not fit the stack's 8 KiB.
  const int32_t wide_in[4] = {1, 4, 400, 8}, wide_out[4] = {1, 4, 400, 8};
  EXPECT_EQ(mlonmcu_depthwise_conv2d_s8_variant(&p, wide_in, f_dims, wide_out),
            MLONMCU_VARIANT_NONE);
}

}  // namespace
}  // namespace mlonmcu::test
