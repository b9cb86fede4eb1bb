/* Which compiled variant of an optimized int8 filter kernel (CONV_2D, its fused residual ADD,
 * DEPTHWISE_CONV_2D, FULLY_CONNECTED) a layer takes. The variants differ in what their inner
 * loops branch on: the weights' layout and the requantization form with the activation range
 * (channel_requant.h). One function decides it for both kinds of callers:
 * - the kernels' dispatchers (mlonmcu_conv2d_s8 etc.) at run time, for the interpreter, which
 *   therefore links every variant;
 * - the aot code generator at build time (through the host build of this library): it calls
 *   <kernel>_with(<inner>_<variant name>, ...) directly, so a model links only the inner loops
 *   its layers use.
 * Each core's build maps the variants onto its own inner loops (several may share one). */
#ifndef MLONMCU_KERNELS_VARIANT_H_
#define MLONMCU_KERNELS_VARIANT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  MLONMCU_VARIANT_NONE = -1,    /* the layer takes the kernel's own dispatcher only */
  MLONMCU_VARIANT_GENERAL = 0,  /* form 0: the general requantization */
  MLONMCU_VARIANT_SHORT,        /* form 1, activation range all of int8 */
  MLONMCU_VARIANT_SHORT2,       /* form 2, activation range all of int8 */
  MLONMCU_VARIANT_SHORT_CLAMP,  /* form 1 or 2 with an activation clamp */
  MLONMCU_VARIANT_LONG,         /* form 3, activation range all of int8 */
  MLONMCU_VARIANT_LONG_CLAMP,   /* form 3 with an activation clamp */
  MLONMCU_VARIANT_PAIRED,       /* S16_PAIRED or S16_PERMUTED weights (packing.h), any requantization */
  MLONMCU_VARIANT_COUNT
} mlonmcu_kernel_variant_t;

/* The variant for a layer: layout is its mlonmcu_weight_layout_t (0 for depthwise, whose
 * weights are not packed), form its mlonmcu_short_requant_form. */
int mlonmcu_kernel_variant(int32_t layout, int32_t form, int32_t act_min, int32_t act_max);
/* Suffix of the variant's entry points ("short" for mlonmcu_gemm_s8_short); NULL if unknown. */
const char* mlonmcu_kernel_variant_name(int variant);

/* The inner loops per variant, to pass to the kernels' _with entry points (conv.h,
 * fully_connected.h). Their arguments are internal to the kernels. */
struct mlonmcu_gemm;
typedef void (*mlonmcu_gemm_fn_t)(const struct mlonmcu_gemm* g, const int8_t* const* x, int32_t n,
                                  int8_t* const* out);
void mlonmcu_gemm_s8_general(const struct mlonmcu_gemm* g, const int8_t* const* x, int32_t n,
                             int8_t* const* out);
void mlonmcu_gemm_s8_short(const struct mlonmcu_gemm* g, const int8_t* const* x, int32_t n,
                           int8_t* const* out);
void mlonmcu_gemm_s8_short2(const struct mlonmcu_gemm* g, const int8_t* const* x, int32_t n,
                            int8_t* const* out);
void mlonmcu_gemm_s8_short_clamp(const struct mlonmcu_gemm* g, const int8_t* const* x, int32_t n,
                                 int8_t* const* out);
void mlonmcu_gemm_s8_long(const struct mlonmcu_gemm* g, const int8_t* const* x, int32_t n,
                          int8_t* const* out);
void mlonmcu_gemm_s8_long_clamp(const struct mlonmcu_gemm* g, const int8_t* const* x, int32_t n,
                                int8_t* const* out);
void mlonmcu_gemm_s8_paired(const struct mlonmcu_gemm* g, const int8_t* const* x, int32_t n,
                            int8_t* const* out);
/* The inner loop of a variant; every variant's when the variant is unknown (run time only). */
mlonmcu_gemm_fn_t mlonmcu_gemm_s8_for(int variant);

/* Depthwise (depth multiplier 1): one output row from a band of input rows. No PAIRED variant. */
struct mlonmcu_dw_row;
typedef void (*mlonmcu_dw_row_fn_t)(const struct mlonmcu_dw_row* r, const int8_t* band,
                                    int8_t* out);
void mlonmcu_dw_row_general(const struct mlonmcu_dw_row* r, const int8_t* band, int8_t* out);
void mlonmcu_dw_row_short(const struct mlonmcu_dw_row* r, const int8_t* band, int8_t* out);
void mlonmcu_dw_row_short2(const struct mlonmcu_dw_row* r, const int8_t* band, int8_t* out);
void mlonmcu_dw_row_short_clamp(const struct mlonmcu_dw_row* r, const int8_t* band, int8_t* out);
void mlonmcu_dw_row_long(const struct mlonmcu_dw_row* r, const int8_t* band, int8_t* out);
void mlonmcu_dw_row_long_clamp(const struct mlonmcu_dw_row* r, const int8_t* band, int8_t* out);
mlonmcu_dw_row_fn_t mlonmcu_dw_row_for(int variant);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_VARIANT_H_ */
