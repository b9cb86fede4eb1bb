// TFLite-Micro behind the harness's model API: a MicroInterpreter over the model (the .tflite
// file as a const array, tflm_model_data.c) with a MicroMutableOpResolver of exactly the
// model's ops (tflm_ops.h, generated per model) and a static arena of MLONMCU_TFLM_ARENA_SIZE
// bytes, which the backend measured with TFLM itself (tflm_probe.cc). Built as C++17 without
// exceptions or RTTI, like TFLM. No allocation: interpreter and resolver live in static storage.
#include <new>

#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/micro/micro_resource_variable.h"
#include "tensorflow/lite/schema/schema_generated.h"
#include "tflm_model.h"

extern "C" {
#include "mlif_model.h"
extern const uint8_t mlonmcu_tflm_model[];
}

#ifdef MLIF_LAYER_MARKERS
extern "C" void mlonmcu_layer_begin(int32_t op_index);
extern "C" void mlonmcu_layer_end(int32_t op_index);

namespace {

int32_t g_layer = 0;  // index of the next op in this inference

// TFLM's release build compiles its profiler hooks out, so per-layer markers come from
// wrapping each op kind's invoke: the marker calls bracket exactly the kernel's work.
template <int kSlot>
struct Profiled {
  static TFLMRegistration inner;
  static TfLiteStatus invoke(TfLiteContext* context, TfLiteNode* node) {
    const int32_t layer = g_layer++;
    mlonmcu_layer_begin(layer);
    const TfLiteStatus status = inner.invoke(context, node);
    mlonmcu_layer_end(layer);
    return status;
  }
  static TFLMRegistration wrap(TFLMRegistration registration) {
    inner = registration;
    registration.invoke = invoke;
    return registration;
  }
};
template <int kSlot>
TFLMRegistration Profiled<kSlot>::inner;

}  // namespace

#define MLONMCU_TFLM_REGISTRATION(slot, registration) Profiled<slot>::wrap(registration)
#else
#define MLONMCU_TFLM_REGISTRATION(slot, registration) (registration)
#endif

#include "tflm_ops.h"  // MLONMCU_TFLM_NUM_OPS, mlonmcu_tflm_add_ops()

namespace {

using Resolver = tflite::MicroMutableOpResolver<MLONMCU_TFLM_NUM_OPS>;
alignas(Resolver) unsigned char g_resolver_storage[sizeof(Resolver)];
alignas(tflite::MicroInterpreter) unsigned char g_interpreter_storage[sizeof(tflite::MicroInterpreter)];
Resolver* g_resolver = nullptr;
tflite::MicroInterpreter* g_interpreter = nullptr;

}  // namespace

extern "C" int mlonmcu_tflm_setup(uint8_t* arena, size_t arena_size) {
  if (g_interpreter != nullptr) g_interpreter->~MicroInterpreter();
  if (g_resolver != nullptr) g_resolver->~Resolver();
  g_interpreter = nullptr;
  const tflite::Model* model = tflite::GetModel(mlonmcu_tflm_model);
  if (model->version() != TFLITE_SCHEMA_VERSION) return 1;
  g_resolver = new (g_resolver_storage) Resolver();
  if (!mlonmcu_tflm_add_ops(*g_resolver)) return 2;
#ifdef MLONMCU_TFLM_RESOURCE_VARIABLES
  // A model with VAR_HANDLE ops needs TFLM's resource variables, taken from the same arena.
  // TFLM's Create constructs the variables in whatever its allocation returned, null included:
  // refuse an arena without room first (a bound on its two allocations; the probe searches down).
  constexpr size_t kVariablesBound = sizeof(tflite::MicroResourceVariables) + 64 * MLONMCU_TFLM_RESOURCE_VARIABLES + 64;
  tflite::MicroAllocator* allocator = tflite::MicroAllocator::Create(arena, arena_size);
  if (allocator == nullptr || allocator->used_bytes() + kVariablesBound > arena_size) return 4;
  tflite::MicroResourceVariables* variables =
      tflite::MicroResourceVariables::Create(allocator, MLONMCU_TFLM_RESOURCE_VARIABLES);
  g_interpreter = new (g_interpreter_storage) tflite::MicroInterpreter(model, *g_resolver, allocator, variables);
#else
  g_interpreter = new (g_interpreter_storage) tflite::MicroInterpreter(model, *g_resolver, arena, arena_size);
#endif
  return g_interpreter->AllocateTensors() == kTfLiteOk ? 0 : 3;
}

extern "C" size_t mlonmcu_tflm_arena_used(void) { return g_interpreter->arena_used_bytes(); }

#ifdef MLONMCU_TFLM_ARENA_SIZE
namespace {
alignas(16) uint8_t g_arena[MLONMCU_TFLM_ARENA_SIZE];
}  // namespace

extern "C" {

int mlif_model_init(void) { return mlonmcu_tflm_setup(g_arena, sizeof(g_arena)); }

int mlif_model_invoke(void) {
#ifdef MLIF_LAYER_MARKERS
  g_layer = 0;
#endif
  return g_interpreter->Invoke() == kTfLiteOk ? 0 : 1;
}

int mlif_model_num_inputs(void) { return static_cast<int>(g_interpreter->inputs_size()); }
int mlif_model_num_outputs(void) { return static_cast<int>(g_interpreter->outputs_size()); }
void* mlif_model_input(int index) { return g_interpreter->input(static_cast<size_t>(index))->data.raw; }
size_t mlif_model_input_size(int index) { return g_interpreter->input(static_cast<size_t>(index))->bytes; }
void* mlif_model_output(int index) { return g_interpreter->output(static_cast<size_t>(index))->data.raw; }
size_t mlif_model_output_size(int index) { return g_interpreter->output(static_cast<size_t>(index))->bytes; }

}  // extern "C"
#endif
