#include "mlonmcu/kernels/space_batch.h"

#include <string.h>

static int64_t offset4(const int32_t* dims, int32_t b, int32_t h, int32_t w) {
  return (((int64_t)b * dims[1] + h) * dims[2] + w) * dims[3];
}

void mlonmcu_space_to_batch(const void* input, void* output, const mlonmcu_space_batch_params_t* p) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const size_t row = (size_t)p->out_dims[3] * (size_t)p->element_size;
  int32_t ob, oh, ow;
  for (ob = 0; ob < p->out_dims[0]; ++ob) {
    const int32_t ib = ob % p->in_dims[0];
    const int32_t shift_w = (ob / p->in_dims[0]) % p->block_w;
    const int32_t shift_h = (ob / p->in_dims[0]) / p->block_w;
    for (oh = 0; oh < p->out_dims[1]; ++oh)
      for (ow = 0; ow < p->out_dims[2]; ++ow) {
        uint8_t* dst = out + offset4(p->out_dims, ob, oh, ow) * p->element_size;
        const int32_t ih = oh * p->block_h + shift_h - p->pad_top;
        const int32_t iw = ow * p->block_w + shift_w - p->pad_left;
        if (ih < 0 || ih >= p->in_dims[1] || iw < 0 || iw >= p->in_dims[2])
          memset(dst, 0, row);
        else
          memcpy(dst, in + offset4(p->in_dims, ib, ih, iw) * p->element_size, row);
      }
  }
}

void mlonmcu_batch_to_space(const void* input, void* output, const mlonmcu_space_batch_params_t* p) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const size_t row = (size_t)p->in_dims[3] * (size_t)p->element_size;
  int32_t ib, ih, iw;
  for (ib = 0; ib < p->in_dims[0]; ++ib) {
    const int32_t ob = ib % p->out_dims[0];
    const int32_t spatial = ib / p->out_dims[0];
    for (ih = 0; ih < p->in_dims[1]; ++ih) {
      const int32_t oh = ih * p->block_h + spatial / p->block_w - p->pad_top;
      if (oh < 0 || oh >= p->out_dims[1]) continue;
      for (iw = 0; iw < p->in_dims[2]; ++iw) {
        const int32_t ow = iw * p->block_w + spatial % p->block_w - p->pad_left;
        if (ow < 0 || ow >= p->out_dims[2]) continue;
        memcpy(out + offset4(p->out_dims, ob, oh, ow) * p->element_size,
               in + offset4(p->in_dims, ib, ih, iw) * p->element_size, row);
      }
    }
  }
}
