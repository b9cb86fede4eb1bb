/* Input samples embedded in the program (generated mlif_data.c defines them). */
#ifndef MLONMCU_MLIF_DATA_H_
#define MLONMCU_MLIF_DATA_H_

#include <stddef.h>
#include <stdint.h>

#include "mlif_config.h" /* generated: MLIF_NUM_SAMPLES, MLIF_NUM_INPUTS, MLIF_NUM_OUTPUTS, MLIF_REPEAT */

extern const uint8_t* const mlif_inputs[MLIF_NUM_SAMPLES * MLIF_NUM_INPUTS];
extern const size_t mlif_input_sizes[MLIF_NUM_INPUTS];

#endif /* MLONMCU_MLIF_DATA_H_ */
