/* MLIF harness: the program every target runs. Reads the input samples from MLIF_INPUT_FILE, a
 * name relative to the working directory (on simulated targets through semihosting, so samples
 * take no ROM and the program's size is what a deployment would have), runs MLIF_REPEAT
 * inferences per sample and prints the outputs as protocol lines:
 *   MLIF_OUTPUT <sample> <output> <hex bytes>
 *   MLIF_STACK <bytes>                  (with -DMLIF_STACK_PAINT)
 *   MLIF_DONE <inferences>
 *   MLIF_ERROR <what> <code>            (then a non-zero exit)
 * Simulators count instructions between the marker functions below. */
#include <stdint.h>
#include <stdio.h>

#include "mlif_config.h" /* generated: sample counts, sizes, input file */
#include "mlif_model.h"

#ifdef MLIF_STACK_PAINT
#include "stack_paint.h"
#endif

/* Markers: noinline and with a side-effect-free asm barrier, so each is a real call whose first
 * instruction a simulator plugin can watch. Run Instructions = what runs between begin and end:
 * the model's invoke only (input copy and output printing are outside). */
__attribute__((noinline)) void mlif_mark_setup_done(void) { __asm__ volatile(""); }
__attribute__((noinline)) void mlif_mark_run_begin(void) { __asm__ volatile(""); }
__attribute__((noinline)) void mlif_mark_run_end(void) { __asm__ volatile(""); }

#ifdef MLIF_LAYER_MARKERS
__attribute__((noinline)) void mlonmcu_layer_begin(int32_t op_index) {
  __asm__ volatile("" : : "r"(op_index));
}
__attribute__((noinline)) void mlonmcu_layer_end(int32_t op_index) {
  __asm__ volatile("" : : "r"(op_index));
}
#endif

static void print_hex_line(int sample, int output, const unsigned char* data, size_t size) {
  static const char kHex[] = "0123456789abcdef";
  char chunk[129];
  size_t i = 0;
  printf("MLIF_OUTPUT %d %d ", sample, output);
  while (i < size) {
    size_t n = 0;
    while (i < size && n < sizeof(chunk) - 1) {
      chunk[n++] = kHex[data[i] >> 4];
      chunk[n++] = kHex[data[i] & 15];
      ++i;
    }
    chunk[n] = '\0';
    fputs(chunk, stdout);
  }
  fputs("\n", stdout);
}

static const size_t kInputSizes[MLIF_NUM_INPUTS] = {MLIF_INPUT_SIZES};

/* Reads sample `sample` into the model's input tensors. */
static int load_sample(FILE* file, int sample) {
  int i;
  long offset = 0;
  for (i = 0; i < MLIF_NUM_INPUTS; ++i) offset += (long)kInputSizes[i];
  if (fseek(file, offset * sample, SEEK_SET) != 0) return 1;
  for (i = 0; i < MLIF_NUM_INPUTS; ++i) {
    if (mlif_model_input_size(i) != kInputSizes[i]) return 2;
    if (fread(mlif_model_input(i), 1, kInputSizes[i], file) != kInputSizes[i]) return 3;
  }
  return 0;
}

int main(void) {
  int sample, i, rc, repeat;
  long inferences = 0;
  FILE* inputs;
#ifdef MLIF_STACK_PAINT
  mlif_stack_paint();
#endif
  rc = mlif_model_init();
  if (rc != 0) {
    printf("MLIF_ERROR init %d\n", rc);
    return 2;
  }
  mlif_mark_setup_done();
  if (mlif_model_num_inputs() != MLIF_NUM_INPUTS || mlif_model_num_outputs() != MLIF_NUM_OUTPUTS) {
    printf("MLIF_ERROR io_count %d\n", mlif_model_num_inputs());
    return 3;
  }
  inputs = fopen(MLIF_INPUT_FILE, "rb");
  if (!inputs) {
    printf("MLIF_ERROR open_inputs 0\n");
    return 4;
  }
  for (sample = 0; sample < MLIF_NUM_SAMPLES; ++sample) {
    for (repeat = 0; repeat < MLIF_REPEAT; ++repeat) {
      /* Refreshed before every inference: the memory plan may let later layers reuse the
       * input tensor's bytes. */
      rc = load_sample(inputs, sample);
      if (rc != 0) {
        printf("MLIF_ERROR read_inputs %d\n", rc);
        return 4;
      }
      mlif_mark_run_begin();
      rc = mlif_model_invoke();
      mlif_mark_run_end();
      if (rc != 0) {
        printf("MLIF_ERROR invoke %d\n", rc);
        return 5;
      }
      ++inferences;
    }
    for (i = 0; i < MLIF_NUM_OUTPUTS; ++i)
      print_hex_line(sample, i, (const unsigned char*)mlif_model_output(i), mlif_model_output_size(i));
  }
  fclose(inputs);
#ifdef MLIF_STACK_PAINT
  printf("MLIF_STACK %lu\n", (unsigned long)mlif_stack_peak_bytes());
#endif
  printf("MLIF_DONE %ld\n", inferences);
  return 0;
}
