/* Runtime tensor views and the context every op's eval function receives. */
#ifndef MLONMCU_RUNTIME_TENSOR_H_
#define MLONMCU_RUNTIME_TENSOR_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_MAX_RANK 6

/* Same order as mlonmcu::ir::DType. */
typedef enum {
  MLONMCU_DTYPE_F32 = 0,
  MLONMCU_DTYPE_S8 = 1,
  MLONMCU_DTYPE_U8 = 2,
  MLONMCU_DTYPE_S16 = 3,
  MLONMCU_DTYPE_S32 = 4,
  MLONMCU_DTYPE_S64 = 5,
  MLONMCU_DTYPE_BOOL = 6
} mlonmcu_dtype_t;

typedef enum {
  MLONMCU_OK = 0,
  MLONMCU_ERR_BAD_MODEL = 1,       /* blob malformed: magic, version, offsets, indices */
  MLONMCU_ERR_UNSUPPORTED_OP = 2,  /* opcode unknown to this runtime build */
  MLONMCU_ERR_ARENA_TOO_SMALL = 3,
  MLONMCU_ERR_BAD_PARAMS = 4,      /* an op's params or tensors do not fit its kernel */
  MLONMCU_ERR_TOO_MANY_TENSORS = 5
} mlonmcu_status_t;

typedef struct {
  int32_t dtype; /* mlonmcu_dtype_t */
  int32_t rank;
  int32_t dims[MLONMCU_MAX_RANK];
  void* data;
  int32_t bytes;
  int32_t zero_point; /* per-tensor quantization (0/0.0 when not quantized) */
  float scale;
} mlonmcu_tensor_t;

typedef struct {
  mlonmcu_tensor_t* tensors; /* the model's whole tensor table */
  const int32_t* inputs;     /* indices into tensors; -1 = optional input absent */
  int32_t num_inputs;
  const int32_t* outputs;
  int32_t num_outputs;
  const int32_t* params; /* op-specific words, laid out as its kernel's params struct */
  int32_t num_params;
} mlonmcu_op_ctx_t;

typedef mlonmcu_status_t (*mlonmcu_op_eval_fn)(const mlonmcu_op_ctx_t* ctx);

static inline mlonmcu_tensor_t* mlonmcu_op_input(const mlonmcu_op_ctx_t* ctx, int32_t i) {
  int32_t t = (i < ctx->num_inputs) ? ctx->inputs[i] : -1;
  return t < 0 ? (mlonmcu_tensor_t*)0 : &ctx->tensors[t];
}

static inline mlonmcu_tensor_t* mlonmcu_op_output(const mlonmcu_op_ctx_t* ctx, int32_t i) {
  return &ctx->tensors[ctx->outputs[i]];
}

/* Number of elements of a tensor view. */
static inline int32_t mlonmcu_tensor_elements(const mlonmcu_tensor_t* t) {
  int32_t n = 1;
  int32_t i;
  for (i = 0; i < t->rank; ++i) n *= t->dims[i];
  return n;
}

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_RUNTIME_TENSOR_H_ */
