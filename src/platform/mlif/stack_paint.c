/* Stack painting for bare-metal targets linked with picolibc's picolibc.ld: the stack is the
 * region [__heap_end, __stack) (the script reserves __stack_size bytes below __stack and ends the
 * heap there). Frames that were live when painting started (crt0, main) lie above the stack
 * pointer and are never painted, so they count as used, as they are. */
#include "stack_paint.h"

#include <stddef.h>

#if (defined(__riscv) || defined(__arm__)) && !defined(__linux__)

#define MLIF_STACK_PATTERN 0xC5A3E17Bu
/* Bytes left unpainted just below the stack pointer: room for this function's own calls. */
#define MLIF_STACK_GUARD 64u

extern char __stack[];    /* top of the stack (end of RAM) */
extern char __heap_end[]; /* bottom of the stack region */

static uintptr_t stack_bottom(void) {
  /* Word-aligned upward, so every painted word lies inside the region. */
  return ((uintptr_t)__heap_end + 3u) & ~(uintptr_t)3u;
}

static uintptr_t current_stack_pointer(void) {
  uintptr_t sp;
#if defined(__riscv)
  __asm__ volatile("mv %0, sp" : "=r"(sp));
#else
  __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
  return sp;
}

void mlif_stack_paint(void) {
  uintptr_t end = current_stack_pointer() - MLIF_STACK_GUARD;
  volatile uint32_t *word = (volatile uint32_t *)stack_bottom();
  while ((uintptr_t)word < end) {
    *word = MLIF_STACK_PATTERN;
    ++word;
  }
}

uint32_t mlif_stack_peak_bytes(void) {
  const uintptr_t top = (uintptr_t)__stack;
  const volatile uint32_t *word = (const volatile uint32_t *)stack_bottom();
  while ((uintptr_t)word < top && *word == MLIF_STACK_PATTERN) ++word;
  return (uint32_t)(top - (uintptr_t)word);
}

#else

void mlif_stack_paint(void) {}
uint32_t mlif_stack_peak_bytes(void) { return 0; }

#endif
