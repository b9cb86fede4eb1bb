#include "mlonmcu/kernels/resize.h"

#include <math.h>
#include <string.h>

static int32_t nearest(int32_t value, int32_t in_size, int32_t out_size, int32_t align_corners,
                       int32_t half_pixel_centers) {
  const float scale = (align_corners && out_size > 1) ? (float)(in_size - 1) / (float)(out_size - 1)
                                                      : (float)in_size / (float)out_size;
  const float offset = half_pixel_centers ? 0.5f : 0.0f;
  const float at = ((float)value + offset) * scale;
  int32_t v = align_corners ? (int32_t)roundf(at) : (int32_t)floorf(at);
  if (v > in_size - 1) v = in_size - 1;
  if (half_pixel_centers && v < 0) v = 0;
  return v;
}

void mlonmcu_resize_nearest(const mlonmcu_resize_params_t* p, const void* input, void* output) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const size_t pixel = (size_t)p->depth * (size_t)p->element_size;
  int32_t b, y, x;
  for (b = 0; b < p->batches; ++b)
    for (y = 0; y < p->out_h; ++y) {
      const int32_t iy = nearest(y, p->in_h, p->out_h, p->align_corners, p->half_pixel_centers);
      for (x = 0; x < p->out_w; ++x) {
        const int32_t ix = nearest(x, p->in_w, p->out_w, p->align_corners, p->half_pixel_centers);
        memcpy(out, in + (((size_t)b * p->in_h + iy) * p->in_w + ix) * pixel, pixel);
        out += pixel;
      }
    }
}

static float float_scale(int32_t in_size, int32_t out_size, int32_t align_corners) {
  if (align_corners && out_size > 1) return (float)(in_size - 1) / (float)(out_size - 1);
  return (float)in_size / (float)out_size;
}

/* The source coordinate and its two neighbours (TFLite's ComputeInterpolationValues). */
static void interpolation_values(int32_t value, float scale, int32_t half_pixel_centers, int32_t in_size,
                                 float* scaled, int32_t* lo, int32_t* hi) {
  const float s = half_pixel_centers ? ((float)value + 0.5f) * scale - 0.5f : (float)value * scale;
  const int32_t f = (int32_t)floorf(s), c = (int32_t)ceilf(s);
  *scaled = s;
  *lo = f > 0 ? f : 0;
  *hi = c < in_size - 1 ? c : in_size - 1;
}

void mlonmcu_resize_bilinear_f32(const mlonmcu_resize_params_t* p, const float* input, float* output) {
  const float hs = float_scale(p->in_h, p->out_h, p->align_corners);
  const float ws = float_scale(p->in_w, p->out_w, p->align_corners);
  const int64_t row = (int64_t)p->in_w * p->depth;
  int32_t b, y, x, c;
  for (b = 0; b < p->batches; ++b) {
    const float* in = input + (int64_t)b * p->in_h * row;
    for (y = 0; y < p->out_h; ++y) {
      float iy;
      int32_t y0, y1;
      interpolation_values(y, hs, p->half_pixel_centers, p->in_h, &iy, &y0, &y1);
      for (x = 0; x < p->out_w; ++x) {
        float ix;
        int32_t x0, x1;
        interpolation_values(x, ws, p->half_pixel_centers, p->in_w, &ix, &x0, &x1);
        for (c = 0; c < p->depth; ++c) {
          /* TFLite's expression, term by term in the same order. */
          const float dy = iy - (float)y0, dx = ix - (float)x0;
          const float a = in[y0 * row + (int64_t)x0 * p->depth + c] * (1 - dy) * (1 - dx);
          const float bb = in[y1 * row + (int64_t)x0 * p->depth + c] * dy * (1 - dx);
          const float cc = in[y0 * row + (int64_t)x1 * p->depth + c] * (1 - dy) * dx;
          const float d = in[y1 * row + (int64_t)x1 * p->depth + c] * dy * dx;
          *output++ = a + bb + cc + d + 0.0f; /* TFLite adds its zero rounding offset: -0 becomes +0 */
        }
      }
    }
  }
}

static int32_t scale_10(int32_t in_size, int32_t out_size, int32_t align_corners) {
  if (align_corners && out_size > 1) return ((1 << 10) * (in_size - 1) + (out_size - 1) / 2) / (out_size - 1);
  return ((1 << 10) * in_size + out_size / 2) / out_size;
}

static void interpolation_values_10(int32_t value, int32_t scale, int32_t half_pixel_centers, int32_t in_size,
                                    int32_t* scaled, int32_t* lo, int32_t* hi) {
  const int32_t s = half_pixel_centers ? value * scale + scale / 2 - (1 << 9) : value * scale;
  const int32_t l = s / (1 << 10), h = (s + (1 << 10) - 1) / (1 << 10);
  *scaled = s;
  *lo = l > 0 ? l : 0;
  *hi = h < in_size - 1 ? h : in_size - 1;
}

void mlonmcu_resize_bilinear_s8(const mlonmcu_resize_params_t* p, const int8_t* input, int8_t* output) {
  const int32_t hs = scale_10(p->in_h, p->out_h, p->align_corners);
  const int32_t ws = scale_10(p->in_w, p->out_w, p->align_corners);
  const int64_t row = (int64_t)p->in_w * p->depth;
  int32_t b, y, x, c;
  for (b = 0; b < p->batches; ++b) {
    const int8_t* in = input + (int64_t)b * p->in_h * row;
    for (y = 0; y < p->out_h; ++y) {
      int32_t iy, y0, y1;
      interpolation_values_10(y, hs, p->half_pixel_centers, p->in_h, &iy, &y0, &y1);
      for (x = 0; x < p->out_w; ++x) {
        int32_t ix, x0, x1;
        interpolation_values_10(x, ws, p->half_pixel_centers, p->in_w, &ix, &x0, &x1);
        for (c = 0; c < p->depth; ++c) {
          const int64_t wy = iy - (1 << 10) * y0, wx = ix - (1 << 10) * x0;
          const int64_t sum = (int64_t)in[y0 * row + (int64_t)x0 * p->depth + c] * ((1 << 10) - wy) * ((1 << 10) - wx) +
                              (int64_t)in[y1 * row + (int64_t)x0 * p->depth + c] * wy * ((1 << 10) - wx) +
                              (int64_t)in[y0 * row + (int64_t)x1 * p->depth + c] * ((1 << 10) - wy) * wx +
                              (int64_t)in[y1 * row + (int64_t)x1 * p->depth + c] * wy * wx;
          /* Rounded half away from zero (TFLite's default double-rounding build). */
          *output++ = (int8_t)((sum + (sum > 0 ? (1 << 19) : -(1 << 19))) / (1 << 20));
        }
      }
    }
  }
}
