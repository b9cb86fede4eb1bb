/* Optimized int8 CONV_2D (conv.h): every output pixel is one row of the matrix product in
 * gemm.h. A 1x1 convolution without padding reads each pixel's input channels in place; any
 * other window is first gathered into a contiguous row (im2col) with taps in the padding set to
 * the input zero point, so with the input offset folded into the bias every pixel, border or
 * not, takes the same inner loops. */
#include <string.h>

#include "gemm.h"
#include "kernel_util.h"
#include "mlonmcu/kernels/conv.h"

/* The window of one output pixel as a row of k_h * k_w * in_c values. */
static void im2col_row(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                       const int8_t* in_batch, int32_t k_h, int32_t k_w, int32_t in_y0,
                       int32_t in_x0, int8_t* dst) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int8_t zp = (int8_t)-p->input_offset;
  const int32_t row_len = k_w * in_c;
  int32_t ky, kx, kx_begin, kx_end;
  mlonmcu_window_taps(in_x0, p->dilation_w, in_w, k_w, &kx_begin, &kx_end);
  for (ky = 0; ky < k_h; ++ky, dst += row_len) {
    const int32_t iy = in_y0 + ky * p->dilation_h;
    const int8_t* row;
    if (iy < 0 || iy >= in_h || kx_begin >= kx_end) {
      memset(dst, zp, (size_t)row_len);
      continue;
    }
    row = in_batch + (iy * in_w + in_x0) * in_c;
    if (kx_begin > 0) memset(dst, zp, (size_t)(kx_begin * in_c));
    if (p->dilation_w == 1) {
      memcpy(dst + kx_begin * in_c, row + kx_begin * in_c, (size_t)((kx_end - kx_begin) * in_c));
    } else {
      for (kx = kx_begin; kx < kx_end; ++kx)
        memcpy(dst + kx * in_c, row + kx * p->dilation_w * in_c, (size_t)in_c);
    }
    if (kx_end < k_w) memset(dst + kx_end * in_c, zp, (size_t)((k_w - kx_end) * in_c));
  }
}

void mlonmcu_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                       const int8_t* input, const int32_t filter_dims[4],
                       const void* packed_filter, const int32_t* folded_bias,
                       const int32_t out_dims[4], int8_t* output,
                       const mlonmcu_requant_entry_t* requant) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t k_h = filter_dims[1], k_w = filter_dims[2];
  const int32_t depth = k_h * k_w * in_c, pixels = out_h * out_w;
  /* Unpadded 1x1 windows that all lie inside the input need no gathering. */
  const int direct = k_h == 1 && k_w == 1 && p->pad_h == 0 && p->pad_w == 0 &&
                     (out_h - 1) * p->stride_h < in_h && (out_w - 1) * p->stride_w < in_w;
  int8_t cols[direct ? 1 : MLONMCU_GEMM_PIXELS * depth];
  mlonmcu_gemm_t g;
  int32_t b, q, i;
  g.layout = p->weight_layout;
  g.rows = out_c;
  g.depth = depth;
  g.weights = packed_filter;
  g.bias = folded_bias;
  g.requant = requant;
  g.output_offset = p->output_offset;
  g.act_min = p->act_min;
  g.act_max = p->act_max;
  g.short_requant = p->short_requant;
  for (b = 0; b < out_dims[0]; ++b) {
    const int8_t* in_batch = input + b * in_h * in_w * in_c;
    for (q = 0; q < pixels; q += MLONMCU_GEMM_PIXELS) {
      const int32_t n = pixels - q < MLONMCU_GEMM_PIXELS ? pixels - q : MLONMCU_GEMM_PIXELS;
      const int8_t* rows[MLONMCU_GEMM_PIXELS];
      int8_t* outs[MLONMCU_GEMM_PIXELS];
      for (i = 0; i < n; ++i) {
        const int32_t oy = (q + i) / out_w, ox = (q + i) % out_w;
        const int32_t in_y0 = oy * p->stride_h - p->pad_h, in_x0 = ox * p->stride_w - p->pad_w;
        outs[i] = output + ((b * out_h + oy) * out_w + ox) * out_c;
        if (direct) {
          rows[i] = in_batch + (in_y0 * in_w + in_x0) * in_c;
        } else {
          im2col_row(p, in_dims, in_batch, k_h, k_w, in_y0, in_x0, cols + i * depth);
          rows[i] = cols + i * depth;
        }
      }
      mlonmcu_gemm_s8(&g, rows, n, outs);
    }
  }
}
