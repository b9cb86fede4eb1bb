/* mlonmcu_icount: a QEMU TCG plugin that counts executed guest instructions exactly and splits
 * the count at the harness's marker functions.
 *
 * Arguments (all optional except out):
 *   out=PATH           file the counts are written to when QEMU exits
 *   setup=ADDR         entry of mlif_mark_setup_done
 *   run_begin=ADDR     entry of mlif_mark_run_begin
 *   run_end=ADDR       entry of mlif_mark_run_end
 *   layer_begin=ADDR   entry of mlonmcu_layer_begin
 *   layer_end=ADDR     entry of mlonmcu_layer_end
 *   layers=N           ops per inference (the k-th layer_begin belongs to layer k % N)
 *
 * Counting is per instruction (an inline add in front of every translated instruction), not per
 * translation block: a block left early by a trap or a semihosting call would otherwise be
 * counted in full. Markers are exec callbacks on the first instruction of a marker function;
 * QEMU runs them before that instruction's own inline add, so a snapshot taken there is the
 * number of instructions executed before the marker was entered.
 *
 * Output format (text, one item per line):
 *   mlonmcu_icount 1
 *   total N        all instructions until exit
 *   setup N        instructions before mlif_mark_setup_done (-1 if never reached)
 *   run N          sum over inferences of instructions from run_begin to run_end
 *   runs K         completed inferences
 *   layer_calls K  layer_begin calls seen
 *   layer I N      per layer, summed over inferences
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_api.h"

MLONMCU_PLUGIN_EXPORT int qemu_plugin_version = MLONMCU_QEMU_PLUGIN_API_VERSION;

enum marker { MARK_SETUP, MARK_RUN_BEGIN, MARK_RUN_END, MARK_LAYER_BEGIN, MARK_LAYER_END, MARK_COUNT };

static const char *const marker_arg_names[MARK_COUNT] = {"setup", "run_begin", "run_end",
                                                         "layer_begin", "layer_end"};

/* Guest code runs on one vCPU (bare-metal, -smp 1), so plain globals suffice. */
static uint64_t insn_count;
static uint64_t marker_addr[MARK_COUNT];
static int marker_set[MARK_COUNT];

static int64_t setup_count = -1;
static uint64_t run_start;
static int in_run;
static uint64_t run_total;
static uint64_t runs_done;

static uint64_t num_layers;
static uint64_t *layer_totals;
static uint64_t layer_calls;
static int64_t current_layer = -1;
static uint64_t layer_start;

static char *out_path;

static void on_marker(unsigned int vcpu_index, void *userdata) {
  (void)vcpu_index;
  switch ((enum marker)(uintptr_t)userdata) {
    case MARK_SETUP:
      if (setup_count < 0) setup_count = (int64_t)insn_count;
      break;
    case MARK_RUN_BEGIN:
      run_start = insn_count;
      in_run = 1;
      break;
    case MARK_RUN_END:
      if (in_run) {
        run_total += insn_count - run_start;
        ++runs_done;
        in_run = 0;
      }
      break;
    case MARK_LAYER_BEGIN:
      if (num_layers > 0) current_layer = (int64_t)(layer_calls % num_layers);
      ++layer_calls;
      layer_start = insn_count;
      break;
    case MARK_LAYER_END:
      if (current_layer >= 0) {
        layer_totals[current_layer] += insn_count - layer_start;
        current_layer = -1;
      }
      break;
    default:
      break;
  }
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; ++i) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
    /* Registered before the inline add, so the callback sees the count without this insn. */
    for (int m = 0; m < MARK_COUNT; ++m) {
      if (marker_set[m] && marker_addr[m] == vaddr) {
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)m);
      }
    }
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &insn_count, 1);
  }
}

static void write_results(qemu_plugin_id_t id, void *userdata) {
  (void)id;
  (void)userdata;
  FILE *f = fopen(out_path, "w");
  if (f == NULL) {
    qemu_plugin_outs("mlonmcu_icount: cannot write the output file\n");
    return;
  }
  fprintf(f, "mlonmcu_icount 1\n");
  fprintf(f, "total %" PRIu64 "\n", insn_count);
  fprintf(f, "setup %" PRId64 "\n", setup_count);
  fprintf(f, "run %" PRIu64 "\n", run_total);
  fprintf(f, "runs %" PRIu64 "\n", runs_done);
  fprintf(f, "layer_calls %" PRIu64 "\n", layer_calls);
  for (uint64_t i = 0; i < num_layers; ++i) {
    fprintf(f, "layer %" PRIu64 " %" PRIu64 "\n", i, layer_totals[i]);
  }
  fclose(f);
}

/* Parses "key=value"; returns 0 on success. */
static int parse_arg(const char *arg) {
  const char *eq = strchr(arg, '=');
  if (eq == NULL) return -1;
  size_t key_len = (size_t)(eq - arg);
  const char *value = eq + 1;
  if (key_len == 3 && strncmp(arg, "out", 3) == 0) {
    size_t len = strlen(value);
    free(out_path);
    out_path = malloc(len + 1);
    if (out_path == NULL) return -1;
    memcpy(out_path, value, len + 1);
    return 0;
  }
  char *end = NULL;
  unsigned long long number = strtoull(value, &end, 0);
  if (end == value || *end != '\0') return -1;
  if (key_len == 6 && strncmp(arg, "layers", 6) == 0) {
    /* A bound keeps a corrupt argument from asking for gigabytes. */
    if (number > 1000000ULL) return -1;
    num_layers = number;
    return 0;
  }
  for (int m = 0; m < MARK_COUNT; ++m) {
    if (strlen(marker_arg_names[m]) == key_len && strncmp(arg, marker_arg_names[m], key_len) == 0) {
      marker_addr[m] = number;
      marker_set[m] = 1;
      return 0;
    }
  }
  return -1;
}

MLONMCU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                              int argc, char **argv) {
  (void)info;
  for (int i = 0; i < argc; ++i) {
    if (parse_arg(argv[i]) != 0) {
      qemu_plugin_outs("mlonmcu_icount: bad argument: ");
      qemu_plugin_outs(argv[i]);
      qemu_plugin_outs("\n");
      return -1;
    }
  }
  if (out_path == NULL) {
    qemu_plugin_outs("mlonmcu_icount: missing out=PATH\n");
    return -1;
  }
  if (num_layers > 0) {
    layer_totals = calloc(num_layers, sizeof(uint64_t));
    if (layer_totals == NULL) return -1;
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, write_results, NULL);
  return 0;
}
