// Dispatch from IR op type to its lowering. Each op's lowering lives in its own file; the
// lists are ops_compute.def / ops_shape.def (MLONMCU_LOWER(OpType, check_fn, lower_fn)).
#include <fmt/format.h>

#include "ops/lower.h"

namespace mlonmcu::ops {

#define MLONMCU_LOWER(type, check_fn, lower_fn)                                         \
  void check_fn(const ir::Graph& graph, const ir::Operator& op, const std::string& backend); \
  LoweredOp lower_fn(const ir::Operator& op, LowerContext& ctx, const std::string& backend);
#include "ops/ops_compute.def"
#include "ops/ops_shape.def"
#undef MLONMCU_LOWER

void unsupported(const std::string& backend, const ir::Operator& op, const std::string& what) {
  throw Error(ErrorKind::Unsupported,
              fmt::format("backend '{}' does not support {}: {}", backend, op.type_name, what));
}

const ir::Tensor& LowerContext::tensor(int32_t index) const {
  if (index < 0 || static_cast<size_t>(index) >= graph_.tensors.size())
    throw Error(ErrorKind::Model, fmt::format("tensor index {} out of range", index));
  return graph_.tensors[static_cast<size_t>(index)];
}

int32_t LowerContext::add_const_int32(const std::string& name, const std::vector<int32_t>& values) {
  ir::Tensor t;
  t.name = name;
  t.dtype = ir::DType::Int32;
  t.shape = {static_cast<int32_t>(values.size())};
  t.data.resize(values.size() * 4);
  if (!values.empty()) __builtin_memcpy(t.data.data(), values.data(), t.data.size());
  graph_.tensors.push_back(std::move(t));
  return static_cast<int32_t>(graph_.tensors.size() - 1);
}

int32_t LowerContext::add_const(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                                std::vector<uint8_t> data) {
  ir::Tensor t;
  t.name = name;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.data = std::move(data);
  graph_.tensors.push_back(std::move(t));
  return static_cast<int32_t>(graph_.tensors.size() - 1);
}

int32_t LowerContext::add_scratch(const std::string& name, int32_t words) {
  ir::Tensor t;
  t.name = name;
  t.dtype = ir::DType::Int32;
  t.shape = {words};
  graph_.tensors.push_back(std::move(t));
  return static_cast<int32_t>(graph_.tensors.size() - 1);
}

int32_t LowerContext::add_state(const std::string& name, ir::DType dtype, std::vector<int32_t> shape) {
  ir::Tensor t;
  t.name = name;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.is_variable = true;
  graph_.tensors.push_back(std::move(t));
  return static_cast<int32_t>(graph_.tensors.size() - 1);
}

int32_t LowerContext::add_const_float(const std::string& name, const std::vector<float>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(float));
  if (!values.empty()) __builtin_memcpy(bytes.data(), values.data(), bytes.size());
  return add_const(name, ir::DType::Float32, {static_cast<int32_t>(values.size())}, std::move(bytes));
}

int32_t LowerContext::add_const_bytes(const std::string& name, const std::vector<uint8_t>& bytes) {
  return add_const(name, ir::DType::Int8, {static_cast<int32_t>(bytes.size())}, bytes);
}

// Tensors of dtypes the reader keeps only so that such files load (float16, int4, ...).
static void check_compute_dtypes(const ir::Graph& graph, const ir::Operator& op,
                                 const std::string& backend) {
  for (const auto* list : {&op.inputs, &op.outputs})
    for (int32_t t : *list)
      if (t >= 0 && static_cast<size_t>(t) < graph.tensors.size() &&
          !ir::is_compute_dtype(graph.tensors[static_cast<size_t>(t)].dtype))
        unsupported(backend, op,
                    fmt::format("dtype {} of tensor '{}'",
                                ir::dtype_name(graph.tensors[static_cast<size_t>(t)].dtype),
                                graph.tensors[static_cast<size_t>(t)].name));
}

void check_supported(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  // A VAR_HANDLE's resource output is no data: lowering/resource_variables.h resolves it.
  if (op.type != ir::OpType::VarHandle) check_compute_dtypes(graph, op, backend);
  switch (op.type) {
#define MLONMCU_LOWER(type, check_fn, lower_fn) \
  case ir::OpType::type: check_fn(graph, op, backend); return;
#include "ops/ops_compute.def"
#include "ops/ops_shape.def"
#undef MLONMCU_LOWER
    default: break;
  }
  unsupported(backend, op, "operator not implemented");
}

LoweredOp lower(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  switch (op.type) {
#define MLONMCU_LOWER(type, check_fn, lower_fn) \
  case ir::OpType::type: return lower_fn(op, ctx, backend);
#include "ops/ops_compute.def"
#include "ops/ops_shape.def"
#undef MLONMCU_LOWER
    default: break;
  }
  unsupported(backend, op, "operator not implemented");
}

}  // namespace mlonmcu::ops
