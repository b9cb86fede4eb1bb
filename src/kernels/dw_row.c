/* The depthwise row kernel compiled for this core (dw_row.h). */
#include "dw_row.h"

#include "kernel_util.h"

#if MLONMCU_MVE
#include "isa/dw_row_mve.h"
#elif MLONMCU_DSP
#include "isa/dw_row_dsp.h"
#else
#include "isa/dw_row_portable.h"
#endif

void mlonmcu_dw_row(const mlonmcu_dw_row_t* r, const int8_t* band, int8_t* out) {
  dw_row_isa(r, band, out);
}
