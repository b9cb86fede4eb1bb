// Test helper: builds small IR graphs by hand.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::test {

struct GraphBuilder {
  ir::Graph g;

  int32_t tensor(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                 std::vector<float> scales = {}, std::vector<int64_t> zps = {}, int32_t axis = 0) {
    ir::Tensor t;
    t.name = name;
    t.dtype = dtype;
    t.shape = std::move(shape);
    t.quant.scale = std::move(scales);
    t.quant.zero_point = std::move(zps);
    if (t.quant.zero_point.empty() && !t.quant.scale.empty())
      t.quant.zero_point.assign(t.quant.scale.size(), 0);
    t.quant.axis = axis;
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }

  template <typename T>
  int32_t constant(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                   const std::vector<T>& values, std::vector<float> scales = {},
                   std::vector<int64_t> zps = {}, int32_t axis = 0) {
    const int32_t idx = tensor(name, dtype, std::move(shape), std::move(scales), std::move(zps), axis);
    auto& data = g.tensors[static_cast<size_t>(idx)].data;
    data.resize(values.size() * sizeof(T));
    std::memcpy(data.data(), values.data(), data.size());
    return idx;
  }

  ir::Operator& op(ir::OpType type, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                   ir::Options options = ir::NoOptions{}) {
    ir::Operator o;
    o.type = type;
    o.type_name = ir::op_type_name(type);
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    o.options = std::move(options);
    g.ops.push_back(std::move(o));
    return g.ops.back();
  }
};

}  // namespace mlonmcu::test
