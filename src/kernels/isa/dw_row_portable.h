/* Internal: the depthwise row kernel in plain C, one channel at a time so its weights, bias and
 * requantization stay in registers along the row. */
#ifndef MLONMCU_KERNELS_ISA_DW_ROW_PORTABLE_H_
#define MLONMCU_KERNELS_ISA_DW_ROW_PORTABLE_H_

#include "../dw_row.h"
#include "mlonmcu/kernels/channel_requant.h"

void mlonmcu_dw_row(const mlonmcu_dw_row_t* r, const int8_t* band, int8_t* out) {
  const int32_t ch = r->channels, taps = r->k_h * r->k_w;
  const int32_t col = r->dil_w * ch, step = r->stride_w * ch;
  int32_t c, ox, ky, kx;
  for (c = 0; c < ch; ++c) {
    const mlonmcu_requant_entry_t q = r->requant[c];
    const int8_t* f = r->filter + c;
    const int8_t* x0 = band + c;
    int8_t* o = out + c;
    if (taps == 9 && r->k_w == 3) {
      /* The 3x3 window of the real models: weights in locals. */
      const int32_t w0 = f[0], w1 = f[ch], w2 = f[2 * ch], w3 = f[3 * ch], w4 = f[4 * ch];
      const int32_t w5 = f[5 * ch], w6 = f[6 * ch], w7 = f[7 * ch], w8 = f[8 * ch];
      const int32_t rs = r->band_row;
      for (ox = 0; ox < r->out_w; ++ox, x0 += step, o += ch) {
        const int8_t* a = x0;
        const int8_t* b = x0 + rs;
        const int8_t* d = b + rs;
        uint32_t acc = (uint32_t)r->bias[c];
        acc += (uint32_t)(w0 * a[0] + w1 * a[col] + w2 * a[2 * col]);
        acc += (uint32_t)(w3 * b[0] + w4 * b[col] + w5 * b[2 * col]);
        acc += (uint32_t)(w6 * d[0] + w7 * d[col] + w8 * d[2 * col]);
        *o = mlonmcu_requant_entry_apply(&q, (int32_t)acc, r->short_requant, r->output_offset,
                                         r->act_min, r->act_max);
      }
      continue;
    }
    for (ox = 0; ox < r->out_w; ++ox, x0 += step, o += ch) {
      uint32_t acc = (uint32_t)r->bias[c];
      for (ky = 0; ky < r->k_h; ++ky) {
        const int8_t* x = x0 + ky * r->band_row;
        const int8_t* w = f + ky * r->k_w * ch;
        for (kx = 0; kx < r->k_w; ++kx) acc += (uint32_t)((int32_t)w[kx * ch] * x[kx * col]);
      }
      *o = mlonmcu_requant_entry_apply(&q, (int32_t)acc, r->short_requant, r->output_offset,
                                       r->act_min, r->act_max);
    }
  }
}

#endif /* MLONMCU_KERNELS_ISA_DW_ROW_PORTABLE_H_ */
