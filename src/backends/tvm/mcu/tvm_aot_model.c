/* microTVM's AOT executor behind the harness's model API (platform/mlif/mlif_model.h): the
 * generated entry point MLONMCU_TVM_RUN (tvmgen_<module>_run, unpacked API, C interface) on
 * static input and output buffers. tvm_model_io.h is generated per model by the backend:
 *   MLONMCU_TVM_FOR_INPUTS(X), MLONMCU_TVM_FOR_OUTPUTS(X)   X(index, struct member, bytes)
 *   MLONMCU_TVM_RUN, MLONMCU_TVM_INPUTS_T, MLONMCU_TVM_OUTPUTS_T
 * With USMP (tvmaotplus) the generated code holds its workspace and constants in static pools;
 * without it (tvmaot) it asks TVMBackendAllocWorkspace, and tvm_platform.c's arena answers.
 * No allocation. */
#include <stddef.h>
#include <stdint.h>

#include "mlif_model.h"
#include "tvm_model_io.h"

#ifdef MLONMCU_TVM_STACK_ARENA
#include <tvm/runtime/crt/platform.h>
#endif

#define MLONMCU_TVM_BUFFER(kind, index, bytes) \
  static uint8_t g_##kind##_##index[bytes] __attribute__((aligned(16)));
#define MLONMCU_TVM_INPUT_BUFFER(index, member, bytes) MLONMCU_TVM_BUFFER(input, index, bytes)
#define MLONMCU_TVM_OUTPUT_BUFFER(index, member, bytes) MLONMCU_TVM_BUFFER(output, index, bytes)
MLONMCU_TVM_FOR_INPUTS(MLONMCU_TVM_INPUT_BUFFER)
MLONMCU_TVM_FOR_OUTPUTS(MLONMCU_TVM_OUTPUT_BUFFER)

#define MLONMCU_TVM_INPUT_ENTRY(index, member, bytes) {g_input_##index, bytes},
#define MLONMCU_TVM_OUTPUT_ENTRY(index, member, bytes) {g_output_##index, bytes},
typedef struct {
  void* data;
  size_t bytes;
} mlonmcu_tvm_buffer_t;
static const mlonmcu_tvm_buffer_t kInputs[] = {MLONMCU_TVM_FOR_INPUTS(MLONMCU_TVM_INPUT_ENTRY)};
static const mlonmcu_tvm_buffer_t kOutputs[] = {MLONMCU_TVM_FOR_OUTPUTS(MLONMCU_TVM_OUTPUT_ENTRY)};

static MLONMCU_TVM_INPUTS_T g_inputs;
static MLONMCU_TVM_OUTPUTS_T g_outputs;

int mlif_model_init(void) {
#define MLONMCU_TVM_SET_INPUT(index, member, bytes) g_inputs.member = g_input_##index;
#define MLONMCU_TVM_SET_OUTPUT(index, member, bytes) g_outputs.member = g_output_##index;
  MLONMCU_TVM_FOR_INPUTS(MLONMCU_TVM_SET_INPUT)
  MLONMCU_TVM_FOR_OUTPUTS(MLONMCU_TVM_SET_OUTPUT)
#ifdef MLONMCU_TVM_STACK_ARENA
  if (TVMPlatformInitialize() != kTvmErrorNoError) return 1;
#endif
  return 0;
}

int mlif_model_invoke(void) { return MLONMCU_TVM_RUN(&g_inputs, &g_outputs) == 0 ? 0 : 1; }

int mlif_model_num_inputs(void) { return (int)(sizeof(kInputs) / sizeof(kInputs[0])); }
int mlif_model_num_outputs(void) { return (int)(sizeof(kOutputs) / sizeof(kOutputs[0])); }
void* mlif_model_input(int index) { return kInputs[index].data; }
size_t mlif_model_input_size(int index) { return kInputs[index].bytes; }
void* mlif_model_output(int index) { return kOutputs[index].data; }
size_t mlif_model_output_size(int index) { return kOutputs[index].bytes; }
