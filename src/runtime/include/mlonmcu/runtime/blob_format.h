/* The serialized model ("blob") the interpreter executes. Written by the C++ interp backend
 * (src/backends/interp), read by the C runtime. Everything is little-endian 32-bit words,
 * 4-byte aligned; constant data is 16-byte aligned inside the blob.
 *
 *   header      MLONMCU_BLOB_HEADER_WORDS words (see mlonmcu_blob_header_t)
 *   tensors     num_tensors records of MLONMCU_BLOB_TENSOR_WORDS words
 *   io          num_inputs tensor indices, then num_outputs tensor indices
 *   segments    num_segments variable-length records, the model's subgraphs (segment 0 is the
 *               main graph, which invoke runs; IF, WHILE and CALL_ONCE run the others):
 *                 first_op, num_ops, first_op_word (from the ops section's start),
 *                 num_inputs, num_outputs, inputs[num_inputs], outputs[num_outputs]
 *   ops         num_ops variable-length records:
 *                 opcode, num_inputs, num_outputs, num_params,
 *                 inputs[num_inputs], outputs[num_outputs], params[num_params]
 *   const data  raw bytes referenced by constant tensors
 */
#ifndef MLONMCU_RUNTIME_BLOB_FORMAT_H_
#define MLONMCU_RUNTIME_BLOB_FORMAT_H_

#include <stdint.h>

#define MLONMCU_BLOB_MAGIC 0x424D4C4Du /* "MLMB" */
#define MLONMCU_BLOB_VERSION 2u

typedef struct {
  uint32_t magic;
  uint32_t version;
  uint32_t num_tensors;
  uint32_t num_ops;
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t arena_size;    /* bytes the memory plan needs */
  uint32_t tensors_offset; /* byte offsets from the blob's start */
  uint32_t io_offset;
  uint32_t ops_offset;
  uint32_t const_offset;
  uint32_t blob_size;
  uint32_t num_segments;
  uint32_t segments_offset;
} mlonmcu_blob_header_t;

#define MLONMCU_BLOB_HEADER_WORDS 14
#define MLONMCU_BLOB_SEGMENT_WORDS 5 /* fixed words of a segment record */

typedef enum {
  MLONMCU_TENSOR_ARENA = 0,  /* offset into the arena */
  MLONMCU_TENSOR_CONST = 1,  /* offset into the blob's const data */
  MLONMCU_TENSOR_ABSENT = 2, /* no data (e.g. a shape-only tensor) */
  MLONMCU_TENSOR_STATE = 3   /* offset into the arena, kept across invokes (a variable tensor):
                                init sets every byte to reserved[0] */
} mlonmcu_tensor_kind_t;

typedef struct {
  int32_t dtype;
  int32_t rank;
  int32_t dims[6];
  int32_t kind;
  int32_t offset;
  int32_t bytes;
  int32_t zero_point;
  float scale;
  int32_t reserved[3];
} mlonmcu_blob_tensor_t;

#define MLONMCU_BLOB_TENSOR_WORDS 16

#endif /* MLONMCU_RUNTIME_BLOB_FORMAT_H_ */
