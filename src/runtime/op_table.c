/* Opcode → eval function. Each op's eval lives in ops/<op>.c; the lists of which opcodes are
 * implemented are the ops/ X-macro lists (X-macro lines MLONMCU_OP(OPCODE, function)). */
#include "mlonmcu/runtime/interp.h"
#include "mlonmcu/runtime/opcodes.h"

#define MLONMCU_OP(code, fn) mlonmcu_status_t fn(const mlonmcu_op_ctx_t* ctx);
#include "ops/ops_compute.def"
#include "ops/ops_shape.def"
#undef MLONMCU_OP

static const mlonmcu_op_eval_fn kOpTable[MLONMCU_OP_COUNT] = {
    [MLONMCU_OP_INVALID] = (mlonmcu_op_eval_fn)0,
#define MLONMCU_OP(code, fn) [code] = fn,
#include "ops/ops_compute.def"
#include "ops/ops_shape.def"
#undef MLONMCU_OP
};

mlonmcu_op_eval_fn mlonmcu_op_lookup(int32_t opcode) {
  if (opcode <= MLONMCU_OP_INVALID || opcode >= MLONMCU_OP_COUNT) return (mlonmcu_op_eval_fn)0;
  return kOpTable[opcode];
}
