/* The depthwise row kernel compiled for this core (dw_row.h), one entry point per variant. */
#include "dw_row.h"

#include "kernel_util.h"

#if MLONMCU_MVE
#include "isa/dw_row_mve.h"
#elif MLONMCU_DSP
#include "isa/dw_row_dsp.h"
#else
#include "isa/dw_row_portable.h"
#endif

void mlonmcu_dw_row_general(const mlonmcu_dw_row_t* r, const int8_t* band, int8_t* out) {
  dw_row_isa(r, band, out, MLONMCU_VARIANT_GENERAL);
}
void mlonmcu_dw_row_short(const mlonmcu_dw_row_t* r, const int8_t* band, int8_t* out) {
  dw_row_isa(r, band, out, MLONMCU_VARIANT_SHORT);
}
void mlonmcu_dw_row_short2(const mlonmcu_dw_row_t* r, const int8_t* band, int8_t* out) {
  dw_row_isa(r, band, out, MLONMCU_VARIANT_SHORT2);
}
void mlonmcu_dw_row_short_clamp(const mlonmcu_dw_row_t* r, const int8_t* band, int8_t* out) {
  dw_row_isa(r, band, out, MLONMCU_VARIANT_SHORT_CLAMP);
}
void mlonmcu_dw_row_long(const mlonmcu_dw_row_t* r, const int8_t* band, int8_t* out) {
  dw_row_isa(r, band, out, MLONMCU_VARIANT_LONG);
}
void mlonmcu_dw_row_long_clamp(const mlonmcu_dw_row_t* r, const int8_t* band, int8_t* out) {
  dw_row_isa(r, band, out, MLONMCU_VARIANT_LONG_CLAMP);
}

mlonmcu_dw_row_fn_t mlonmcu_dw_row_for(int variant) {
  switch (variant) {
    case MLONMCU_VARIANT_SHORT: return mlonmcu_dw_row_short;
    case MLONMCU_VARIANT_SHORT2: return mlonmcu_dw_row_short2;
    case MLONMCU_VARIANT_SHORT_CLAMP: return mlonmcu_dw_row_short_clamp;
    case MLONMCU_VARIANT_LONG: return mlonmcu_dw_row_long;
    case MLONMCU_VARIANT_LONG_CLAMP: return mlonmcu_dw_row_long_clamp;
    default: return mlonmcu_dw_row_general;
  }
}
