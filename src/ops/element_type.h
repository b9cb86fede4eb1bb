// The kernels' element type (mlonmcu/kernels/element_type.h) of an IR dtype.
#pragma once

#include <optional>

#include "ir/graph.h"
#include "mlonmcu/kernels/element_type.h"

namespace mlonmcu::ops {

inline std::optional<int32_t> element_type(ir::DType dtype) {
  switch (dtype) {
    case ir::DType::Int8: return MLONMCU_ELEM_S8;
    case ir::DType::Int16: return MLONMCU_ELEM_S16;
    case ir::DType::Int32: return MLONMCU_ELEM_S32;
    case ir::DType::Int64: return MLONMCU_ELEM_S64;
    case ir::DType::Float32: return MLONMCU_ELEM_F32;
    case ir::DType::Bool: return MLONMCU_ELEM_BOOL;
    default: return std::nullopt;
  }
}

}  // namespace mlonmcu::ops
