/* Default per-layer hooks: nothing. A profiling harness defines strong versions (noinline, so a
 * simulator sees a call it can mark). Kept in their own file so the weak symbols can be
 * overridden at link time. */
#include "mlonmcu/runtime/interp.h"

__attribute__((weak)) void mlonmcu_layer_begin(int32_t op_index) { (void)op_index; }
__attribute__((weak)) void mlonmcu_layer_end(int32_t op_index) { (void)op_index; }
