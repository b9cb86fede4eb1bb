/* The platform functions TVM's C runtime calls (tvm/runtime/crt/platform.h), for MLonMCU's
 * programs: memory from one static arena, no timers or random numbers (only TVM's RPC server
 * uses them), an abort that ends the program. TVMPlatformInitialize() sets up the arena.
 *   MLONMCU_TVM_STACK_ARENA=N  tvmaot: TVMBackendAllocWorkspace takes memory from TVM's stack
 *                              allocator over N bytes (the MLF's workspace size); frees are LIFO
 *   MLONMCU_TVM_PAGE_ARENA=N   tvmrt: the graph executor's tensors, storage and workspaces come
 *                              from TVM's page allocator over N bytes
 * No allocation from the C heap. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <tvm/runtime/crt/error_codes.h>
#include <tvm/runtime/crt/logging.h>
#include <tvm/runtime/crt/module.h>
#include <tvm/runtime/crt/platform.h>

#if defined(MLONMCU_TVM_STACK_ARENA)
#include <tvm/runtime/crt/stack_allocator.h>

static uint8_t g_arena[MLONMCU_TVM_STACK_ARENA] __attribute__((aligned(16)));
static tvm_workspace_t g_workspace;

tvm_crt_error_t TVMPlatformInitialize(void) {
  return StackMemoryManager_Init(&g_workspace, g_arena, sizeof(g_arena));
}

tvm_crt_error_t TVMPlatformMemoryAllocate(size_t num_bytes, DLDevice dev, void** out_ptr) {
  (void)dev;
  return StackMemoryManager_Allocate(&g_workspace, (int32_t)num_bytes, out_ptr);
}

tvm_crt_error_t TVMPlatformMemoryFree(void* ptr, DLDevice dev) {
  (void)dev;
  return StackMemoryManager_Free(&g_workspace, ptr);
}

/* The runtime API the AOT code links (crt_backend_api.c) can also open a system library; an AOT
 * build without one (--runtime-crt-system-lib 0) has none to offer. */
const TVMModule* TVMSystemLibEntryPoint(void) { return NULL; }

#elif defined(MLONMCU_TVM_PAGE_ARENA)
#include <tvm/runtime/crt/page_allocator.h>

/* 256-byte pages: the executor's many small allocations (graph nodes, names) would waste most
 * of a larger page, smaller ones make the page table long. */
#define MLONMCU_TVM_PAGE_BYTES_LOG2 8

static uint8_t g_arena[MLONMCU_TVM_PAGE_ARENA] __attribute__((aligned(16)));
static MemoryManagerInterface* g_memory;

tvm_crt_error_t TVMPlatformInitialize(void) {
  return PageMemoryManagerCreate(&g_memory, g_arena, sizeof(g_arena), MLONMCU_TVM_PAGE_BYTES_LOG2);
}

tvm_crt_error_t TVMPlatformMemoryAllocate(size_t num_bytes, DLDevice dev, void** out_ptr) {
  return g_memory->Allocate(g_memory, num_bytes, dev, out_ptr);
}

tvm_crt_error_t TVMPlatformMemoryFree(void* ptr, DLDevice dev) { return g_memory->Free(g_memory, ptr, dev); }

#else
#error "define MLONMCU_TVM_STACK_ARENA or MLONMCU_TVM_PAGE_ARENA"
#endif

void TVMPlatformAbort(tvm_crt_error_t code) {
  printf("TVMPlatformAbort 0x%08x\n", (unsigned)code);
  abort();
}

void TVMLogf(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vprintf(fmt, args);
  va_end(args);
}

size_t TVMPlatformFormatMessage(char* out_buf, size_t out_buf_size_bytes, const char* fmt, va_list args) {
  int n = vsnprintf(out_buf, out_buf_size_bytes, fmt, args);
  return n < 0 ? 0 : (size_t)n;
}

tvm_crt_error_t TVMPlatformTimerStart(void) { return kTvmErrorFunctionCallNotImplemented; }

tvm_crt_error_t TVMPlatformTimerStop(double* elapsed_time_seconds) {
  (void)elapsed_time_seconds;
  return kTvmErrorFunctionCallNotImplemented;
}

tvm_crt_error_t TVMPlatformBeforeMeasurement(void) { return kTvmErrorNoError; }

tvm_crt_error_t TVMPlatformAfterMeasurement(void) { return kTvmErrorNoError; }

tvm_crt_error_t TVMPlatformGenerateRandom(uint8_t* buffer, size_t num_bytes) {
  (void)buffer;
  (void)num_bytes;
  return kTvmErrorFunctionCallNotImplemented;
}
