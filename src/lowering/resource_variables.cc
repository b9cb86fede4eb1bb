#include "lowering/resource_variables.h"

#include <map>
#include <utility>
#include <variant>

#include "ops/lower.h"

namespace mlonmcu::lowering {

void resolve_resource_variables(ir::Graph& graph, const std::string& backend) {
  std::map<int32_t, std::pair<std::string, std::string>> handle_of;  // handle tensor -> variable
  for (const ir::Operator& op : graph.ops)
    if (op.type == ir::OpType::VarHandle) {
      const auto* o = std::get_if<ir::VarHandleOptions>(&op.options);
      if (op.outputs.size() != 1 || op.outputs[0] < 0 || o == nullptr)
        ops::unsupported(backend, op, "a VAR_HANDLE needs one output and its options");
      handle_of[op.outputs[0]] = {o->container, o->shared_name};
    }
  std::map<std::pair<std::string, std::string>, int32_t> storage;  // variable -> tensor
  auto variable = [&](const ir::Operator& op) {
    const int32_t handle = op.inputs.empty() ? -1 : op.inputs[0];
    const auto it = handle_of.find(handle);
    if (it == handle_of.end())
      ops::unsupported(backend, op, "its resource handle must be the output of a VAR_HANDLE");
    return it->second;
  };
  // Every assignment first, in op order: the first one sizes the variable.
  for (const ir::Operator& op : graph.ops) {
    if (op.type != ir::OpType::AssignVariable) continue;
    if (op.inputs.size() != 2 || op.inputs[1] < 0)
      ops::unsupported(backend, op, "an ASSIGN_VARIABLE needs a handle and a value");
    const auto key = variable(op);
    const ir::Tensor& value = graph.tensors[static_cast<size_t>(op.inputs[1])];
    if (storage.count(key) == 0) {
      ir::Tensor t;
      t.name = "variable/" + key.first + "/" + key.second;
      t.dtype = value.dtype;
      t.shape = value.shape;
      t.quant = value.quant;
      t.is_variable = true;
      graph.tensors.push_back(std::move(t));
      storage[key] = static_cast<int32_t>(graph.tensors.size() - 1);
    }
  }
  for (ir::Operator& op : graph.ops) {
    if (op.type != ir::OpType::AssignVariable && op.type != ir::OpType::ReadVariable) continue;
    const auto key = variable(op);
    const auto it = storage.find(key);
    if (it == storage.end())
      ops::unsupported(backend, op, "variable '" + key.second + "' is read but never assigned");
    op.inputs[0] = it->second;
  }
}

}  // namespace mlonmcu::lowering
