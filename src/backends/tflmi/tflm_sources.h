// The project's own lists of TensorFlow Lite Micro sources (for the pinned commit, see
// tflm_checkout.h), as libraries: TFLM's core (interpreter, allocator, planner, flatbuffer
// parsing), one library per kernel (only a model's kernels are built and linked), and CMSIS-NN.
// With the cmsisnn feature a kernel that has a CMSIS-NN variant (kernels/cmsis_nn/<same file>)
// uses it instead of the reference file, as TFLM's OPTIMIZED_KERNEL_DIR=cmsis_nn build does;
// CMSIS-NN picks its DSP / Helium paths from -mcpu on Arm and its portable C elsewhere.
// Flags are TFLM's release build: -DTF_LITE_STATIC_MEMORY -DNDEBUG -DTF_LITE_STRIP_ERROR_STRINGS.
#pragma once

#include <string>
#include <vector>

#include "backends/tflmi/tflm_checkout.h"
#include "ir/graph.h"
#include "targets/library.h"

namespace mlonmcu::backends::tflm {

struct OpKernel {
  ir::OpType op;
  const char* resolver_call;  // MicroMutableOpResolver method, e.g. "AddConv2D"
  const char* registration;   // tflite:: function returning its TFLMRegistration; "": the
                              // resolver method takes none
  const char* library;        // kernel library name; ops sharing files share it (pooling)
  std::vector<const char*> reference;  // files under tensorflow/lite/micro/kernels/
  std::vector<const char*> cmsis_nn;   // the same with CMSIS-NN; empty: no CMSIS-NN variant
};

// The kernel of an op, nullptr when the table has none.
const OpKernel* find_kernel(ir::OpType op);
const std::vector<OpKernel>& kernels();

// tflm_ops.h: MLONMCU_TFLM_NUM_OPS and mlonmcu_tflm_add_ops(resolver), one registration per
// kernel, each wrapped in MLONMCU_TFLM_REGISTRATION(slot, registration) (mcu/tflm_model.cc).
std::string resolver_header(const std::vector<const OpKernel*>& kernels);

// Defines of TFLM's sources, and of program sources that include TFLM headers.
std::vector<std::string> tflm_defines(bool cmsis_nn);

targets::Library core_library(const Checkout& checkout);
targets::Library kernel_library(const Checkout& checkout, const OpKernel& kernel, bool cmsis_nn);
targets::Library cmsis_nn_library(const Checkout& checkout);

}  // namespace mlonmcu::backends::tflm
