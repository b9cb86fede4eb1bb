// Measures, on the target itself, the arena TFLite-Micro needs for the model: struct sizes and
// CMSIS-NN's scratch buffers differ between cores (and from the 64-bit host), so no other
// machine can tell. AllocateTensors in (nearly) all free RAM gives arena_used_bytes(); as
// AllocateTensors needs temporary room beyond what stays used, a bisection then finds the
// smallest 16-byte multiple it accepts. Prints one line for the backend:
//   MLONMCU_TFLM_ARENA_TAG <arena_used_bytes> <smallest arena>
// or MLONMCU_TFLM_ARENA_TAG_error <mlonmcu_tflm_setup status> <free bytes> (0: no heap at all).
// It exits 0 either way: a crash or a non-zero exit is the target's to report.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "tflm_model.h"

#if defined(__unix__)
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace {

size_t round_up_16(size_t n) { return (n + 15) / 16 * 16; }

// One trial of an arena size: 0 if TFLM accepts it. TFLM's release build dereferences a null
// temporary tensor when an arena is too small for a kernel's Prepare (ASSIGN_VARIABLE), so on a
// host the trial runs in a child process and a crash counts as too small.
int trial(uint8_t* arena, size_t size) {
#if defined(__unix__)
  const pid_t pid = fork();
  if (pid == 0) _exit(mlonmcu_tflm_setup(arena, size) == 0 ? 0 : 1);
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid) return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
#endif
  return mlonmcu_tflm_setup(arena, size);
}

}  // namespace

int main() {
  // The largest block the heap gives (picolibc: the RAM between .bss and the stack).
  size_t size = size_t{64} << 20;
  void* block = nullptr;
  while (size >= 1024 && (block = std::malloc(size + 16)) == nullptr) size = size / 4 * 3;
  if (block == nullptr) {
    std::printf("%s_error 0 0\n", MLONMCU_TFLM_ARENA_TAG);
    return 0;
  }
  uint8_t* arena = reinterpret_cast<uint8_t*>(round_up_16(reinterpret_cast<uintptr_t>(block)));
  size = size / 16 * 16;
  const int status = mlonmcu_tflm_setup(arena, size);
  if (status != 0) {
    std::printf("%s_error %d %lu\n", MLONMCU_TFLM_ARENA_TAG, status, static_cast<unsigned long>(size));
    return 0;
  }
  const size_t used = mlonmcu_tflm_arena_used();
  size_t fails = 0, passes = size;  // fails: largest size known to fail (0: none known)
  const size_t first = round_up_16(used);
  if (trial(arena, first) == 0) {
    passes = first;
  } else {
    fails = first;
    while (passes - fails > 16) {
      const size_t mid = round_up_16(fails + (passes - fails) / 2);
      if (mid >= passes) break;
      if (trial(arena, mid) == 0) passes = mid; else fails = mid;
    }
  }
  std::printf("%s %lu %lu\n", MLONMCU_TFLM_ARENA_TAG, static_cast<unsigned long>(used),
              static_cast<unsigned long>(passes));
  return 0;
}
