// Residual ADD fused into the convolution that produces one of its operands: an optimized
// CONV_2D int8 whose only consumer is an optimized int8 ADD without broadcasting becomes one
// CONV_2D_ADD_S8 op
// (kernels/conv.h: mlonmcu_conv2d_add_s8), which adds the other operand ("skip") to each result
// as it is stored. The convolution's output tensor disappears, and the fused op may write over
// the skip tensor when that dies with it (an in-place hint for the planner), so a residual block
// needs two activation buffers instead of three. Bit-exact: the epilogue requantizes with the
// ADD's own parameters and rescaling table, exactly as the separate ADD kernel does. The
// reference kernels (kernels.variant=reference) are never fused.
#pragma once

#include "lowering/lowered_graph.h"

namespace mlonmcu::lowering {

// Fuses every such pair. The fused op runs where the convolution ran, so the skip operand must
// be ready by then; when both ADD operands are convolutions, the later one is fused. The plain
// and the fused kernel share one implementation, so a program links the convolution once.
void fuse_residual_adds(LoweredGraph& lowered);

}  // namespace mlonmcu::lowering
