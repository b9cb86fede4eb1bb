/* The model API every backend's generated code implements and the harness calls.
 * Plain C99; no allocation. */
#ifndef MLONMCU_MLIF_MODEL_H_
#define MLONMCU_MLIF_MODEL_H_

#include <stddef.h>
#include <stdint.h>

/* 0 on success. */
int mlif_model_init(void);
int mlif_model_invoke(void);

int mlif_model_num_inputs(void);
int mlif_model_num_outputs(void);
void* mlif_model_input(int index);
size_t mlif_model_input_size(int index);
void* mlif_model_output(int index);
size_t mlif_model_output_size(int index);

#endif /* MLONMCU_MLIF_MODEL_H_ */
