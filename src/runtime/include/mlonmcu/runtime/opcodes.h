/* Opcodes of the interpreter runtime: one per (op, data type) kernel variant. Where an op has
 * an optimized kernel (prepared operands, conv.h) and a reference one, `_REF` names the
 * reference. Shared by the C runtime and the C++ lowering (src/ops), so the numbers are the
 * format. */
#ifndef MLONMCU_RUNTIME_OPCODES_H_
#define MLONMCU_RUNTIME_OPCODES_H_

typedef enum {
  MLONMCU_OP_INVALID = 0,
  MLONMCU_OP_ADD_S8,
  MLONMCU_OP_ADD_F32,
  MLONMCU_OP_SUB_S8,
  MLONMCU_OP_SUB_F32,
  MLONMCU_OP_MUL_S8,
  MLONMCU_OP_MUL_F32,
  MLONMCU_OP_CONV_2D_S8,
  MLONMCU_OP_CONV_2D_F32,
  MLONMCU_OP_DEPTHWISE_CONV_2D_S8,
  MLONMCU_OP_DEPTHWISE_CONV_2D_F32,
  MLONMCU_OP_FULLY_CONNECTED_S8,
  MLONMCU_OP_FULLY_CONNECTED_F32,
  MLONMCU_OP_AVERAGE_POOL_2D_S8,
  MLONMCU_OP_AVERAGE_POOL_2D_F32,
  MLONMCU_OP_MAX_POOL_2D_S8,
  MLONMCU_OP_MAX_POOL_2D_F32,
  MLONMCU_OP_SOFTMAX_S8,
  MLONMCU_OP_SOFTMAX_F32,
  MLONMCU_OP_LOGISTIC_S8,
  MLONMCU_OP_LOGISTIC_F32,
  MLONMCU_OP_TANH_S8,
  MLONMCU_OP_TANH_F32,
  MLONMCU_OP_RELU_S8,
  MLONMCU_OP_RELU_F32,
  MLONMCU_OP_RELU6_S8,
  MLONMCU_OP_RELU6_F32,
  MLONMCU_OP_COPY,          /* RESHAPE, SQUEEZE: same bytes, new shape (any dtype) */
  MLONMCU_OP_CONCATENATION, /* any dtype when all scales/zero points match */
  MLONMCU_OP_CONCATENATION_S8_REQUANT,
  MLONMCU_OP_PAD,           /* any dtype; pad value in params */
  MLONMCU_OP_MEAN_S8,
  MLONMCU_OP_MEAN_F32,
  MLONMCU_OP_QUANTIZE_F32_S8,
  MLONMCU_OP_QUANTIZE_S8_S8, /* requantize */
  MLONMCU_OP_DEQUANTIZE_S8_F32,
  MLONMCU_OP_STRIDED_SLICE, /* any dtype */
  MLONMCU_OP_TRANSPOSE,     /* any dtype */
  MLONMCU_OP_CONV_2D_ADD_S8, /* CONV_2D with the following residual ADD fused into it */
  MLONMCU_OP_CONV_2D_S8_REF,
  MLONMCU_OP_DEPTHWISE_CONV_2D_S8_REF,
  MLONMCU_OP_FULLY_CONNECTED_S8_REF,
  MLONMCU_OP_ADD_S8_REF,
  MLONMCU_OP_SUB_S8_REF,
#define MLONMCU_OPCODE(name) MLONMCU_OP_##name,
#include "mlonmcu/runtime/opcodes_more.def"
#undef MLONMCU_OPCODE
  MLONMCU_OP_COUNT
} mlonmcu_opcode_t;

/* IF, WHILE, CALL_ONCE: run by the interpreter core itself, never through the op table. */
static inline int mlonmcu_is_control_opcode(int opcode) {
  return opcode == MLONMCU_OP_IF || opcode == MLONMCU_OP_WHILE || opcode == MLONMCU_OP_CALL_ONCE;
}

#endif /* MLONMCU_RUNTIME_OPCODES_H_ */
