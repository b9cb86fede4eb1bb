// The kernel call of every opcode, as data for the code generator: expanded from the same
// table the interpreter's glue is built from (runtime/ops/kernel_calls.def), so generated code
// and interpreter pass the same tensors in the same argument positions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mlonmcu::backends::aot {

// One argument (see kernel_calls.def for each kind's meaning).
enum class ArgKind {
  Params,
  ParamWord,
  Record,
  In,
  InOrNull,
  Out,
  Dims,
  OutDims,
  BcastDims,
  OutBcastDims,
  Dim,
  Rank,
  Elements,
  Bytes,
  ElementSize,
  Rows,
  OutRows,
  LastDim,
  EachIn,
  EachInnerBytes,
  EachOffsetBytes,
  OutInnerBytes,
  OutOuter,
  EachOut,
  EachOutInnerBytes,
  EachOutOffsetBytes,
  InInnerBytes,
  InOuter,
};

struct Arg {
  ArgKind kind = ArgKind::Params;
  int32_t slot = 0;   // tensor slot (In, Dims, ...); dimension index for Dim in `extra`
  int32_t extra = 0;  // Dim: dimension; ParamWord/axis kinds: params word; Record: words per record
  std::string type;   // C element type of data arguments ("int8_t", "void"); Record: struct type
};

// Dims of the op's input 0, input 1 and output 0 (at least 4 entries each), for the kernels
// whose variant depends on the shape.
struct VariantShapes {
  const int32_t* in = nullptr;
  const int32_t* filter = nullptr;
  const int32_t* out = nullptr;
};

struct KernelCall {
  std::string function;     // "mlonmcu_conv2d_s8"
  std::string params_type;  // "mlonmcu_conv_s8_params_t", or "void"
  int32_t params_words = 0;
  bool per_input = false;   // one call per input of the op
  bool per_output = false;  // one call per output of the op
  std::vector<Arg> args;
  // Kernels with variants (MLONMCU_KERNEL_CALL_VARIANTS): the generated code calls
  // <function>_with(<inner>_<variant name>, args...), variant(params words) naming the variant
  // (mlonmcu/kernels/variant.h), or the plain <function> when it is MLONMCU_VARIANT_NONE. Null
  // for the others.
  std::string inner;
  int (*variant)(const int32_t* params_words, const VariantShapes& shapes) = nullptr;
};

// nullptr for an opcode the table does not know.
const KernelCall* kernel_call(uint32_t opcode);

}  // namespace mlonmcu::backends::aot
