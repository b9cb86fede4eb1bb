// Test helper for the shape/nonlinear op lowering tests: builds a one-op graph, lowers it and runs
// the lowered op through the runtime's eval glue with hand-built tensor views (one heap buffer
// per tensor), so lowering + glue + kernel are checked without the interpreter core.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "common/error.h"
#include "mlonmcu/runtime/tensor.h"
#include "ops/lower.h"
#include "ops/tensor_views.h"

namespace mlonmcu::test {

class ShapeOpRunner {
 public:
  int32_t add(ir::DType dtype, std::vector<int32_t> shape, float scale = 0.0f, int64_t zero_point = 0) {
    ir::Tensor t;
    t.name = "t" + std::to_string(graph_.tensors.size());
    t.dtype = dtype;
    t.shape = std::move(shape);
    if (scale > 0.0f) {
      t.quant.scale = {scale};
      t.quant.zero_point = {zero_point};
    }
    graph_.tensors.push_back(std::move(t));
    return static_cast<int32_t>(graph_.tensors.size() - 1);
  }

  template <typename T>
  int32_t add_const(ir::DType dtype, std::vector<int32_t> shape, const std::vector<T>& values) {
    const int32_t index = add(dtype, std::move(shape));
    const auto* bytes = reinterpret_cast<const uint8_t*>(values.data());
    graph_.tensors[static_cast<size_t>(index)].data.assign(bytes, bytes + values.size() * sizeof(T));
    return index;
  }

  ir::Operator& set_op(ir::OpType type, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                       ir::Options options = ir::NoOptions{}) {
    graph_.ops.clear();
    ir::Operator op;
    op.type = type;
    op.type_name = ir::op_type_name(type);
    op.inputs = std::move(inputs);
    op.outputs = std::move(outputs);
    op.options = std::move(options);
    graph_.ops.push_back(std::move(op));
    return graph_.ops.back();
  }

  ir::Graph& graph() { return graph_; }

  void check() { ops::check_supported(graph_, graph_.ops.at(0), "interp"); }

  ops::LoweredOp lower() {
    ops::LowerContext ctx(graph_);
    lowered_ = ops::lower(graph_.ops.at(0), ctx, "interp");
    bind_tensor_views(graph_, buffers_, views_);
    return lowered_;
  }

  template <typename T>
  void set(int32_t index, const std::vector<T>& values) {
    mlonmcu_tensor_t& v = views_.at(static_cast<size_t>(index));
    std::memcpy(v.data, values.data(), values.size() * sizeof(T));
  }

  template <typename T>
  std::vector<T> get(int32_t index) const {
    const mlonmcu_tensor_t& v = views_.at(static_cast<size_t>(index));
    std::vector<T> out(static_cast<size_t>(v.bytes) / sizeof(T));
    std::memcpy(out.data(), v.data, out.size() * sizeof(T));
    return out;
  }

  mlonmcu_tensor_t& view(int32_t index) { return views_.at(static_cast<size_t>(index)); }

  // Runs the lowered op with its own params, or with `params` when given.
  mlonmcu_status_t run() { return run_with(lowered_.params); }
  mlonmcu_status_t run_with(const std::vector<int32_t>& params) {
    return eval_lowered(views_, lowered_, params);
  }

 private:
  ir::Graph graph_;
  ops::LoweredOp lowered_;
  std::vector<std::vector<int64_t>> buffers_;
  std::vector<mlonmcu_tensor_t> views_;
};

// The kind of error check_supported throws; Internal when it throws none (never the kind a
// test expects).
inline ErrorKind kind_of(ShapeOpRunner& r) {
  try {
    r.check();
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::Internal;
}

}  // namespace mlonmcu::test
