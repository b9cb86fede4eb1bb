/* GATHER, GATHER_ND and EMBEDDING_LOOKUP: rows picked by int32 indices computed at run time.
 * An index outside the tensor (TFLite-Micro fails the inference) gives a row of zero bytes, so
 * no kernel ever reads outside its input. */
#ifndef MLONMCU_KERNELS_GATHER_H_
#define MLONMCU_KERNELS_GATHER_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The input viewed as [batch, outer, axis_size, inner], the indices as [batch, coords]. */
typedef struct {
  int32_t batch;
  int32_t outer;
  int32_t axis_size;
  int32_t inner_bytes;
  int32_t coords;
} mlonmcu_gather_params_t;

void mlonmcu_gather(const void* input, const int32_t* indices, void* output,
                    const mlonmcu_gather_params_t* params);

#define MLONMCU_GATHER_ND_MAX 5

/* indices [slices, index_depth]; slice k is the input's slice_bytes at the position the index
 * tuple names (strides in elements of the input's first index_depth dims). */
typedef struct {
  int32_t slices;
  int32_t index_depth;
  int32_t slice_elements;
  int32_t element_size;
  int32_t input_elements;
  int32_t strides[MLONMCU_GATHER_ND_MAX];
} mlonmcu_gather_nd_params_t;

void mlonmcu_gather_nd(const void* input, const int32_t* indices, void* output,
                       const mlonmcu_gather_nd_params_t* params);

typedef struct {
  int32_t lookups;
  int32_t rows;
  int32_t columns;
  int32_t element_size;
  float scale; /* int8 values to float32 outputs: value * scale */
} mlonmcu_embedding_lookup_params_t;

/* Rows copied as they are (float32 from float32, int8 from int8). */
void mlonmcu_embedding_lookup(const int32_t* ids, const void* values, void* output,
                              const mlonmcu_embedding_lookup_params_t* params);
/* int8 rows dequantized to float32 (zero point 0). */
void mlonmcu_embedding_lookup_s8_f32(const int32_t* ids, const int8_t* values, float* output,
                                     const mlonmcu_embedding_lookup_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_GATHER_H_ */
