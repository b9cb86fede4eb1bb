/* Measured peak stack use on bare-metal targets (picolibc linker script): the free stack below the
 * stack pointer is painted with a pattern at start, and the deepest word that no longer holds the
 * pattern at the end gives the peak. On other systems both functions do nothing and report 0. */
#ifndef MLONMCU_MLIF_STACK_PAINT_H_
#define MLONMCU_MLIF_STACK_PAINT_H_

#include <stdint.h>

/* Call first thing in main. */
void mlif_stack_paint(void);
/* Bytes between the top of the stack and the deepest word written since mlif_stack_paint(). */
uint32_t mlif_stack_peak_bytes(void);

#endif /* MLONMCU_MLIF_STACK_PAINT_H_ */
