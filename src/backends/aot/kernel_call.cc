#include "backends/aot/kernel_call.h"

#include <cstddef>
#include <cstring>
#include <map>
#include <type_traits>

#include "mlonmcu/kernels/activations.h"
#include "mlonmcu/kernels/concatenation.h"
#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/copy.h"
#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/kernels/mean.h"
#include "mlonmcu/kernels/ops_more.h"
#include "mlonmcu/kernels/pad.h"
#include "mlonmcu/kernels/pooling.h"
#include "mlonmcu/kernels/quantize.h"
#include "mlonmcu/kernels/softmax.h"
#include "mlonmcu/kernels/strided_slice.h"
#include "mlonmcu/kernels/tanh.h"
#include "mlonmcu/kernels/transpose.h"
#include "mlonmcu/runtime/opcodes.h"

namespace mlonmcu::backends::aot {

namespace {

template <typename P>
constexpr int32_t words_of() {
  if constexpr (std::is_void_v<P>) {
    return 0;
  } else {
    static_assert(sizeof(P) % 4 == 0, "params structs hold only 4-byte fields");
    return static_cast<int32_t>(sizeof(P) / 4);
  }
}

// A kernel's variant rule, with the shapes where it takes them.
template <typename P>
int call_variant(int (*rule)(const P*), const P* p, const VariantShapes&) {
  return rule(p);
}
template <typename P>
int call_variant(int (*rule)(const P*, const int32_t*, const int32_t*, const int32_t*), const P* p,
                 const VariantShapes& s) {
  return rule(p, s.in, s.filter, s.out);
}

// Word index of a params field; only int32 fields are passed by value.
#define MLONMCU_FIELD_WORD(field)                                              \
  [] {                                                                         \
    static_assert(std::is_same_v<decltype(P::field), int32_t>, "int32 field"); \
    return static_cast<int32_t>(offsetof(P, field) / 4);                       \
  }()

#define A_PARAMS \
  Arg { ArgKind::Params, 0, 0, "" }
#define A_PARAM(field) \
  Arg { ArgKind::ParamWord, 0, MLONMCU_FIELD_WORD(field), "" }
#define A_RECORD(type) \
  Arg { ArgKind::Record, 0, words_of<type>(), #type }
#define A_IN(slot, T) \
  Arg { ArgKind::In, slot, 0, #T }
#define A_IN_OR_NULL(slot, T) \
  Arg { ArgKind::InOrNull, slot, 0, #T }
#define A_OUT(slot, T) \
  Arg { ArgKind::Out, slot, 0, #T }
#define A_DIMS(slot) \
  Arg { ArgKind::Dims, slot, 0, "" }
#define A_OUT_DIMS(slot) \
  Arg { ArgKind::OutDims, slot, 0, "" }
#define A_BCAST_DIMS(slot) \
  Arg { ArgKind::BcastDims, slot, 0, "" }
#define A_OUT_BCAST_DIMS(slot) \
  Arg { ArgKind::OutBcastDims, slot, 0, "" }
#define A_DIM(slot, d) \
  Arg { ArgKind::Dim, slot, d, "" }
#define A_RANK(slot) \
  Arg { ArgKind::Rank, slot, 0, "" }
#define A_ELEMENTS(slot) \
  Arg { ArgKind::Elements, slot, 0, "" }
#define A_BYTES(slot) \
  Arg { ArgKind::Bytes, slot, 0, "" }
#define A_ELEMENT_SIZE(slot) \
  Arg { ArgKind::ElementSize, slot, 0, "" }
#define A_ROWS(slot) \
  Arg { ArgKind::Rows, slot, 0, "" }
#define A_OUT_ROWS(slot) \
  Arg { ArgKind::OutRows, slot, 0, "" }
#define A_LAST_DIM(slot) \
  Arg { ArgKind::LastDim, slot, 0, "" }
#define A_EACH_IN(T) \
  Arg { ArgKind::EachIn, 0, 0, #T }
#define A_EACH_INNER_BYTES(axis) \
  Arg { ArgKind::EachInnerBytes, 0, MLONMCU_FIELD_WORD(axis), "" }
#define A_EACH_OFFSET_BYTES(axis) \
  Arg { ArgKind::EachOffsetBytes, 0, MLONMCU_FIELD_WORD(axis), "" }
#define A_OUT_INNER_BYTES(axis) \
  Arg { ArgKind::OutInnerBytes, 0, MLONMCU_FIELD_WORD(axis), "" }
#define A_OUT_OUTER(axis) \
  Arg { ArgKind::OutOuter, 0, MLONMCU_FIELD_WORD(axis), "" }
#define A_EACH_OUT(T) \
  Arg { ArgKind::EachOut, 0, 0, #T }
#define A_EACH_OUT_INNER_BYTES(axis) \
  Arg { ArgKind::EachOutInnerBytes, 0, MLONMCU_FIELD_WORD(axis), "" }
#define A_EACH_OUT_OFFSET_BYTES(axis) \
  Arg { ArgKind::EachOutOffsetBytes, 0, MLONMCU_FIELD_WORD(axis), "" }
#define A_IN_INNER_BYTES(axis) \
  Arg { ArgKind::InInnerBytes, 0, MLONMCU_FIELD_WORD(axis), "" }
#define A_IN_OUTER(axis) \
  Arg { ArgKind::InOuter, 0, MLONMCU_FIELD_WORD(axis), "" }

const std::map<uint32_t, KernelCall>& table() {
  static const std::map<uint32_t, KernelCall> calls = {
#define MLONMCU_KERNEL_CALL_OF(NAME, kernel, params_t, each_in, each_out, ...)             \
  {MLONMCU_OP_##NAME, [] {                                                                 \
     using P = params_t;                                                                   \
     KernelCall c;                                                                         \
     c.function = #kernel, c.params_type = #params_t, c.params_words = words_of<P>();      \
     c.per_input = each_in, c.per_output = each_out, c.args = {__VA_ARGS__};               \
     return c;                                                                             \
   }()},
#define MLONMCU_KERNEL_CALL(NAME, kernel, params_t, ...) \
  MLONMCU_KERNEL_CALL_OF(NAME, kernel, params_t, false, false, __VA_ARGS__)
#define MLONMCU_KERNEL_CALL_PER_INPUT(NAME, kernel, params_t, ...) \
  MLONMCU_KERNEL_CALL_OF(NAME, kernel, params_t, true, false, __VA_ARGS__)
#define MLONMCU_KERNEL_CALL_PER_OUTPUT(NAME, kernel, params_t, ...) \
  MLONMCU_KERNEL_CALL_OF(NAME, kernel, params_t, false, true, __VA_ARGS__)
#define MLONMCU_KERNEL_CALL_VARIANTS(NAME, kernel, inner_fn, params_t, ...)                   \
  {MLONMCU_OP_##NAME, [] {                                                                 \
     using P = params_t;                                                                   \
     KernelCall c;                                                                         \
     c.function = #kernel, c.params_type = #params_t, c.params_words = words_of<P>();      \
     c.args = {__VA_ARGS__};                                                               \
     c.inner = #inner_fn;                                                                  \
     c.variant = [](const int32_t* words, const VariantShapes& shapes) {                   \
       P p;                                                                                \
       std::memcpy(&p, words, sizeof p);                                                   \
       return call_variant(kernel##_variant, &p, shapes);                                  \
     };                                                                                    \
     return c;                                                                             \
   }()},
#include "runtime/ops/kernel_calls.def"
#undef MLONMCU_KERNEL_CALL_VARIANTS
#undef MLONMCU_KERNEL_CALL_OF
#undef MLONMCU_KERNEL_CALL
#undef MLONMCU_KERNEL_CALL_PER_INPUT
#undef MLONMCU_KERNEL_CALL_PER_OUTPUT
  };
  return calls;
}

}  // namespace

const KernelCall* kernel_call(uint32_t opcode) {
  const auto it = table().find(opcode);
  return it == table().end() ? nullptr : &it->second;
}

}  // namespace mlonmcu::backends::aot
