/* Optimized int8 CONV_2D (conv.h): every output pixel is one row of the matrix product in
 * gemm.h. A 1x1 convolution without padding reads each pixel's input channels in place, other
 * windows inside the input are read in place by rows or (S16 layouts) through a table of
 * offsets; the rest are first gathered into a contiguous row (im2col) with taps in the padding
 * set to the input zero point, so with the input offset folded into the bias every pixel, border or
 * not, takes the same inner loops. mlonmcu_conv2d_add_s8 is the same code with a residual ADD
 * applied to each output row (or chunk of one) as it leaves the matrix product. The matrix
 * product's variant (mlonmcu/kernels/variant.h) comes in as a function: the _with entry points
 * take the caller's, the others pick it from the params. */
#include <string.h>

#include "add_lut.h"
#include "gemm.h"
#include "kernel_util.h"
#include "mlonmcu/kernels/conv.h"

/* The window of one output pixel as a row of k_h * k_w * in_c values. Out of line: GCC
 * inlined it twice into the pixel loop (364 B more on Cortex-M4) for no gain. */
static MLONMCU_NOINLINE void im2col_row(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
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
      mlonmcu_fill_bytes(dst, zp, row_len);
      continue;
    }
    row = in_batch + (iy * in_w + in_x0) * in_c;
    mlonmcu_fill_bytes(dst, zp, kx_begin * in_c);
    if (p->dilation_w == 1) {
      mlonmcu_copy_bytes(dst + kx_begin * in_c, row + kx_begin * in_c, (kx_end - kx_begin) * in_c);
    } else {
      for (kx = kx_begin; kx < kx_end; ++kx)
        mlonmcu_copy_bytes(dst + kx * in_c, row + kx * p->dilation_w * in_c, in_c);
    }
    mlonmcu_fill_bytes(dst + kx_end * in_c, zp, (k_w - kx_end) * in_c);
  }
}

/* The residual ADD of mlonmcu_conv2d_add_s8 (conv2d_s8 is inlined into the plain and the fused
 * entry point, so a plain convolution's copy has none of the epilogue's code): the matrix product writes an output row (or a
 * chunk of one) into one of two scratch buffers; once the batches hold no more pixels of a
 * chunk, it goes through the ADD kernel's row loop at once, with the skip tensor's elements at
 * the output's indices, into the output (which may be the skip tensor). Two buffers let the
 * batches run on across chunks, so they stay full. */
typedef struct {
  mlonmcu_add_lut_t add;
  const int8_t* skip;
  int8_t* output;
  int8_t* buf[2];
  int32_t at[2], len[2]; /* output index and bytes of each buffer's chunk (len 0: none) */
} conv_epilogue_t;

/* A window that lies inside the input, its rows contiguous (dilation_w 1), as one row. */
static inline void gather_rows(const int8_t* window, int32_t rows, int32_t row_len,
                               int32_t row_stride, int8_t* dst) {
  for (; rows > 0; --rows, window += row_stride, dst += row_len)
    mlonmcu_copy_bytes(dst, window, row_len);
}

/* Output pixels waiting for one matrix-product call, all with rows of the same shape. */
typedef struct {
  mlonmcu_gemm_t g;
  mlonmcu_gemm_fn_t gemm; /* the layer's variant */
  int32_t n;
  const int8_t* rows[MLONMCU_GEMM_PIXELS];
  int8_t* outs[MLONMCU_GEMM_PIXELS];
} conv_batch_t;

static void batch_flush(conv_batch_t* b) {
  if (b->n > 0) b->gemm(&b->g, b->rows, b->n, b->outs);
  b->n = 0;
}

static void batch_add(conv_batch_t* b, const int8_t* row, int8_t* out) {
  b->rows[b->n] = row, b->outs[b->n] = out;
  if (++b->n == MLONMCU_GEMM_PIXELS) batch_flush(b);
}

/* Bytes of an output row chunk held back for the epilogue: wide rows go in several chunks, so
 * the stack stays small. */
#define CONV_EPILOGUE_SCRATCH 1024

/* The chunk in buffer k leaves through the ADD, after the batches' pixels in it. */
static void epilogue_drain(conv_epilogue_t* e, int32_t k, conv_batch_t* flat,
                           conv_batch_t* windows) {
  const int8_t* lo = e->buf[k];
  const int8_t* hi = lo + e->len[k];
  if (e->len[k] == 0) return;
  /* Batches hold pixels in order: the oldest tells whether any is in this chunk. */
  if (flat->n > 0 && flat->outs[0] >= lo && flat->outs[0] < hi) batch_flush(flat);
  if (windows->n > 0 && windows->outs[0] >= lo && windows->outs[0] < hi) batch_flush(windows);
  mlonmcu_add_lut_row(&e->add, e->len[k], e->buf[k], 1, e->skip + e->at[k], 1,
                      e->output + e->at[k]);
  e->len[k] = 0;
}

static MLONMCU_ALWAYS_INLINE void conv2d_s8(mlonmcu_gemm_fn_t gemm,
                                       const mlonmcu_conv_s8_params_t* p,
                                       const int32_t in_dims[4], const int8_t* input,
                                       const void* packed_filter, const int32_t* folded_bias,
                                       const int32_t out_dims[4], int8_t* output,
                                       const mlonmcu_requant_entry_t* requant,
                                       conv_epilogue_t* e) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t k_h = p->filter_h, k_w = p->filter_w;
  const int32_t depth = k_h * k_w * in_c, seg_len = k_w * in_c;
  /* Unpadded 1x1 windows that all lie inside the input need no gathering. */
  const int direct = k_h == 1 && k_w == 1 && p->pad_h == 0 && p->pad_w == 0 &&
                     (out_h - 1) * p->stride_h < in_h && (out_w - 1) * p->stride_w < in_w;
  /* Other windows inside the input are read in place, row by row, where the rows are
   * contiguous and as long as the inner loops need (S16_PERMUTED: one row only); the rest are
   * gathered. */
  const int by_runs = !direct && p->dilation_w == 1 &&
                      seg_len % MLONMCU_GEMM_SEGMENT_ALIGN(p->weight_layout) == 0 &&
                      (p->weight_layout != MLONMCU_WEIGHTS_S16_PERMUTED || k_h == 1);
  /* The S16 kernels read any other window in place through a table of its values' offsets in
   * the packed order (gemm.h), which costs what pairing a gathered row does. Cores with SIMD
   * never get S16 weights from the lowering (kernels.isa=auto), so they link none of it. */
  const int by_table = !MLONMCU_DSP && !MLONMCU_MVE && !direct && !by_runs &&
                       MLONMCU_LAYOUT_IS_S16(p->weight_layout);
  /* Pixels per output row chunk: the whole row without an epilogue. */
  const int32_t fit = out_c > 0 && out_c <= CONV_EPILOGUE_SCRATCH ? CONV_EPILOGUE_SCRATCH / out_c : 1;
  const int32_t chunk = !e || fit > out_w ? out_w : fit;
  int8_t cols[direct ? 1 : MLONMCU_GEMM_PIXELS * depth];
  int8_t scratch[e ? 2 * chunk * out_c : 1];
  uint16_t offsets[by_table ? depth : 1];
  int in_place = by_runs;
  conv_batch_t flat, windows;
  int32_t b, oy, ox, ox0, k = 0;
  flat.g.layout = p->weight_layout;
  flat.g.rows = out_c;
  flat.g.depth = depth;
  flat.g.segs = 1, flat.g.seg_len = depth, flat.g.seg_stride = 0, flat.g.offsets = 0;
  flat.g.weights = packed_filter;
  flat.g.bias = folded_bias;
  flat.g.requant = requant;
  flat.g.output_offset = p->output_offset;
  flat.g.act_min = p->act_min;
  flat.g.act_max = p->act_max;
  flat.g.short_requant = p->short_requant;
  flat.gemm = gemm;
  flat.n = 0;
  windows = flat;
  windows.g.segs = k_h, windows.g.seg_len = seg_len;
  windows.g.seg_stride = p->dilation_h * in_w * in_c;
  if (by_table && mlonmcu_gemm_window_offsets(&windows.g, k_w, in_c, p->dilation_w * in_c,
                                              windows.g.seg_stride, offsets))
    windows.g.offsets = offsets, in_place = 1;
  if (e) {
    e->buf[0] = scratch, e->buf[1] = scratch + chunk * out_c;
    e->len[0] = e->len[1] = 0;
  }
  for (b = 0; b < out_dims[0]; ++b) {
    const int8_t* in_batch = input + b * in_h * in_w * in_c;
    for (oy = 0; oy < out_h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      const int rows_inside = in_y0 >= 0 && in_y0 + (k_h - 1) * p->dilation_h < in_h;
      int8_t* const out_row = output + (b * out_h + oy) * out_w * out_c;
      for (ox0 = 0; ox0 < out_w; ox0 += chunk) {
        const int32_t end = ox0 + chunk < out_w ? ox0 + chunk : out_w;
        int8_t* out = out_row + ox0 * out_c;
        if (e) { /* this chunk into buffer k, once the chunk before it there has left */
          epilogue_drain(e, k, &flat, &windows);
          e->at[k] = (int32_t)(out - output), e->len[k] = (end - ox0) * out_c;
          out = e->buf[k];
        }
        for (ox = ox0; ox < end; ++ox, out += out_c) {
          const int32_t in_x0 = ox * p->stride_w - p->pad_w;
          const int8_t* window = in_batch + (in_y0 * in_w + in_x0) * in_c;
          const int inside = rows_inside && in_x0 >= 0 && in_x0 + (k_w - 1) * p->dilation_w < in_w;
          if (direct) {
            batch_add(&flat, window, out);
          } else if (in_place && inside) {
            batch_add(&windows, window, out);
          } else {
            int8_t* col = cols + flat.n * depth;
            if (inside && p->dilation_w == 1)
              gather_rows(window, k_h, seg_len, windows.g.seg_stride, col);
            else
              im2col_row(p, in_dims, in_batch, k_h, k_w, in_y0, in_x0, col);
            batch_add(&flat, col, out);
          }
        }
        k ^= 1;
      }
    }
  }
  batch_flush(&flat);
  batch_flush(&windows);
  if (e) {
    epilogue_drain(e, k, &flat, &windows);
    epilogue_drain(e, k ^ 1, &flat, &windows);
  }
}

int mlonmcu_conv2d_s8_variant(const mlonmcu_conv_s8_params_t* p) {
  return mlonmcu_kernel_variant(p->weight_layout, p->short_requant, p->act_min, p->act_max);
}

void mlonmcu_conv2d_s8_with(mlonmcu_gemm_fn_t gemm, const mlonmcu_conv_s8_params_t* p,
                            const int32_t in_dims[4], const int8_t* input,
                            const void* packed_filter, const int32_t* folded_bias,
                            const int32_t out_dims[4], int8_t* output,
                            const mlonmcu_requant_entry_t* requant) {
  conv2d_s8(gemm, p, in_dims, input, packed_filter, folded_bias, out_dims, output, requant, NULL);
}

void mlonmcu_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                       const int8_t* input, const void* packed_filter,
                       const int32_t* folded_bias, const int32_t out_dims[4], int8_t* output,
                       const mlonmcu_requant_entry_t* requant) {
  mlonmcu_conv2d_s8_with(mlonmcu_gemm_s8_for(mlonmcu_conv2d_s8_variant(p)), p, in_dims, input,
                         packed_filter, folded_bias, out_dims, output, requant);
}

int mlonmcu_conv2d_add_s8_variant(const mlonmcu_conv_add_s8_params_t* p) {
  return mlonmcu_conv2d_s8_variant(&p->conv);
}

void mlonmcu_conv2d_add_s8_with(mlonmcu_gemm_fn_t gemm, const mlonmcu_conv_add_s8_params_t* p,
                                const int32_t in_dims[4], const int8_t* input,
                                const void* packed_filter, const int32_t* folded_bias,
                                const int32_t out_dims[4], int8_t* output,
                                const mlonmcu_requant_entry_t* requant, const int32_t* add_lut,
                                const int8_t* skip) {
  conv_epilogue_t e;
  if (!skip) {
    mlonmcu_conv2d_s8_with(gemm, &p->conv, in_dims, input, packed_filter, folded_bias, out_dims,
                           output, requant);
    return;
  }
  mlonmcu_add_lut_init(&e.add, &p->add, add_lut);
  e.skip = skip;
  e.output = output;
  conv2d_s8(gemm, &p->conv, in_dims, input, packed_filter, folded_bias, out_dims, output, requant,
            &e);
}

void mlonmcu_conv2d_add_s8(const mlonmcu_conv_add_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const void* packed_filter,
                           const int32_t* folded_bias, const int32_t out_dims[4],
                           int8_t* output, const mlonmcu_requant_entry_t* requant,
                           const int32_t* add_lut, const int8_t* skip) {
  mlonmcu_conv2d_add_s8_with(mlonmcu_gemm_s8_for(mlonmcu_conv2d_add_s8_variant(p)), p, in_dims,
                             input, packed_filter, folded_bias, out_dims, output, requant,
                             add_lut, skip);
}
