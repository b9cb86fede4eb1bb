/* The one rule for which kernel variant a layer takes (mlonmcu/kernels/variant.h). */
#include "mlonmcu/kernels/variant.h"

#include "mlonmcu/kernels/packing.h"

int mlonmcu_kernel_variant(int32_t layout, int32_t form, int32_t act_min, int32_t act_max) {
  const int full_range = act_min == -128 && act_max == 127;
  if (MLONMCU_LAYOUT_IS_S16(layout)) return MLONMCU_VARIANT_PAIRED;
  switch (form) {
    case 1: return full_range ? MLONMCU_VARIANT_SHORT : MLONMCU_VARIANT_SHORT_CLAMP;
    case 2: return full_range ? MLONMCU_VARIANT_SHORT2 : MLONMCU_VARIANT_SHORT_CLAMP;
    case 3: return full_range ? MLONMCU_VARIANT_LONG : MLONMCU_VARIANT_LONG_CLAMP;
    default: return MLONMCU_VARIANT_GENERAL;
  }
}

const char* mlonmcu_kernel_variant_name(int variant) {
  static const char* const names[MLONMCU_VARIANT_COUNT] = {
      "general", "short", "short2", "short_clamp", "long", "long_clamp", "paired"};
  return variant >= 0 && variant < MLONMCU_VARIANT_COUNT ? names[variant] : 0;
}
