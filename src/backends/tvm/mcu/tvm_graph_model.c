/* microTVM's graph executor (TVM's C runtime) behind the harness's model API: the graph's JSON
 * (mlonmcu_tvm_graph_json, generated) is parsed at init over the generated operators, which are
 * registered as the system library (TVMSystemLibEntryPoint, generated); parameters are linked into
 * the operators. The harness reads inputs into and outputs from the executor's own tensors, so
 * an inference is TVMGraphExecutor_Run only. All memory comes from tvm_platform.c's page arena.
 * tvm_model_io.h is generated per model: MLONMCU_TVM_INPUT_NAMES. */
#include <stddef.h>
#include <stdint.h>

#include <tvm/runtime/crt/crt.h>
#include <tvm/runtime/crt/graph_executor.h>
#include <tvm/runtime/crt/internal/graph_executor/graph_executor.h>
#include <tvm/runtime/crt/module.h>
#include <tvm/runtime/crt/platform.h>

#include "mlif_model.h"
#include "tvm_model_io.h"

extern const uint8_t mlonmcu_tvm_graph_json[]; /* NUL-terminated */
const TVMModule* TVMSystemLibEntryPoint(void);

static const char* const kInputNames[] = {MLONMCU_TVM_INPUT_NAMES};
static TVMGraphExecutor* g_executor;

static size_t tensor_bytes(const DLTensor* t) {
  size_t n = (t->dtype.bits * t->dtype.lanes + 7) / 8;
  int i;
  for (i = 0; i < t->ndim; ++i) n *= (size_t)t->shape[i];
  return n;
}

static DLTensor* entry_tensor(uint32_t node, uint32_t index) {
  return &g_executor->data_entry[g_executor->node_row_ptr[node] + index].dl_tensor;
}

static DLTensor* input_tensor(int index) {
  return entry_tensor(g_executor->input_nodes[TVMGraphExecutor_GetInputIndex(g_executor, kInputNames[index])], 0);
}

static DLTensor* output_tensor(int index) {
  const TVMGraphExecutorNodeEntry* e = &g_executor->outputs[index];
  return entry_tensor(e->node_id, e->index);
}

int mlif_model_init(void) {
  TVMModuleHandle module;
  const DLDevice device = {kDLCPU, 0};
  if (TVMPlatformInitialize() != kTvmErrorNoError) return 1;
  if (TVMInitializeRuntime() != kTvmErrorNoError) return 2;
  if (TVMModCreateFromCModule(TVMSystemLibEntryPoint(), &module) != 0) return 3;
  if (TVMGraphExecutor_Create((const char*)mlonmcu_tvm_graph_json, module, &device, &g_executor) != 0) return 4;
  return 0;
}

int mlif_model_invoke(void) {
  TVMGraphExecutor_Run(g_executor);
  return 0;
}

int mlif_model_num_inputs(void) { return (int)(sizeof(kInputNames) / sizeof(kInputNames[0])); }
int mlif_model_num_outputs(void) { return (int)g_executor->outputs_count; }
void* mlif_model_input(int index) { return input_tensor(index)->data; }
size_t mlif_model_input_size(int index) { return tensor_bytes(input_tensor(index)); }
void* mlif_model_output(int index) { return output_tensor(index)->data; }
size_t mlif_model_output_size(int index) { return tensor_bytes(output_tensor(index)); }
