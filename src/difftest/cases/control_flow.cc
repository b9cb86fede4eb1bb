// IF, WHILE, CALL_ONCE and resource variables: models of several subgraphs (ir::Subgraph), the
// main graph's ops first. IF picks one of two branches (an ADD and a MUL of the same operands,
// with their own output quantization) by a bool graph input; WHILE runs a body (value ADD a
// constant, counter + 1) while the counter is below a random bound (0 to 4 iterations); CALL_ONCE
// initializes a resource variable that the main graph then reads, adds to and assigns; "reset"
// reads a variable nothing assigned before (TFLM's reset value: the zero point).
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

// Closes the subgraph whose ops were added since `first_op`.
void end_subgraph(GraphBuilder& b, const std::string& name, int32_t first_op, std::vector<int32_t> inputs,
                  std::vector<int32_t> outputs) {
  ir::Graph& g = b.graph();
  g.subgraphs.push_back({name, first_op, static_cast<int32_t>(g.ops.size()) - first_op, std::move(inputs),
                         std::move(outputs)});
}

int32_t num_ops(GraphBuilder& b) { return static_cast<int32_t>(b.graph().ops.size()); }

OpCase if_case(Rng& rng, DType dtype) {
  GraphBuilder b("if", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  const int32_t cond = b.input("cond", DType::Bool, {1});
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t y = input(b, rng, "y", dtype, shape);
  const int32_t out = tensor(b, rng, "out", dtype, shape);
  b.add_op(T::If, {cond, x, y}, {out}, ir::SubgraphOptions{{1, 2}});
  b.add_output(out);
  end_subgraph(b, "main", 0, b.graph().inputs, b.graph().outputs);
  for (T type : {T::Add, T::Mul}) {
    const std::string k = type == T::Add ? "then" : "else";
    const int32_t first = num_ops(b);
    const int32_t a = tensor_like(b, k + "/a", x, shape);
    const int32_t c = tensor_like(b, k + "/b", y, shape);
    const int32_t r = tensor_like(b, k + "/out", out, shape);
    b.add_op(type, {a, c}, {r}, ir::ElementwiseOptions{ir::Activation::None, true});
    end_subgraph(b, k, first, {a, c}, {r});
  }
  return finish(b);
}

OpCase while_case(Rng& rng, DType dtype) {
  GraphBuilder b("while", rng.next());
  const auto shape = random_shape(rng, 1, 3, 4);
  const int32_t counter = b.input("counter", DType::Float32, {1});
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t counter_out = b.add_tensor("counter_out", DType::Float32, {1});
  const int32_t out = tensor_like(b, "out", x, shape);
  b.add_op(T::While, {counter, x}, {counter_out, out}, ir::SubgraphOptions{{1, 2}});
  b.add_output(counter_out);
  b.add_output(out);
  end_subgraph(b, "main", 0, b.graph().inputs, b.graph().outputs);
  // cond: counter < bound
  int32_t first = num_ops(b);
  const int32_t ci = b.add_tensor("cond/counter", DType::Float32, {1});
  const int32_t cx = tensor_like(b, "cond/x", x, shape);
  const int32_t bound = b.add_const_float("cond/bound", {1}, {static_cast<float>(rng.uniform_int(0, 4))});
  const int32_t keep_going = b.add_tensor("cond/keep_going", DType::Bool, {1});
  b.add_op(T::Less, {ci, bound}, {keep_going});
  end_subgraph(b, "cond", first, {ci, cx}, {keep_going});
  // body: counter + 1, x + step
  first = num_ops(b);
  const int32_t bi = b.add_tensor("body/counter", DType::Float32, {1});
  const int32_t bx = tensor_like(b, "body/x", x, shape);
  const int32_t one = b.add_const_float("body/one", {1}, {1.0f});
  const int32_t next_i = b.add_tensor("body/counter_next", DType::Float32, {1});
  b.add_op(T::Add, {bi, one}, {next_i}, ir::ElementwiseOptions{});
  const int32_t step = random_const(b, rng, "body/step", dtype, shape);
  const int32_t next_x = tensor_like(b, "body/x_next", x, shape);
  b.add_op(T::Add, {bx, step}, {next_x}, ir::ElementwiseOptions{});
  end_subgraph(b, "body", first, {bi, bx}, {next_i, next_x});
  // The counter starts in [-1, 1]: with the bound, 0 to 5 iterations.
  return finish(b, {{0, {-1.0, 1.0}}});
}

// The main graph: [CALL_ONCE(init)], VAR_HANDLE, READ_VARIABLE, ADD x, ASSIGN_VARIABLE, the sum
// as the output; init assigns a random constant.
OpCase variable_case(Rng& rng, DType dtype, bool call_once) {
  GraphBuilder b("variable", rng.next());
  const auto shape = random_shape(rng, 1, 3, 4);
  const ir::VarHandleOptions name{"", "acc"};
  const int32_t x = input(b, rng, "x", dtype, shape);
  if (call_once) b.add_op(T::CallOnce, {}, {}, ir::SubgraphOptions{{1}});
  const int32_t handle = b.add_tensor("handle", DType::Resource, {});
  b.add_op(T::VarHandle, {}, {handle}, name);
  const int32_t value = tensor_like(b, "value", x, shape);
  b.add_op(T::ReadVariable, {handle}, {value});
  const int32_t sum = tensor_like(b, "sum", x, shape);
  b.add_op(T::Add, {value, x}, {sum}, ir::ElementwiseOptions{});
  b.add_op(T::AssignVariable, {handle, sum}, {});
  b.add_output(sum);
  if (!call_once) return finish(b);
  end_subgraph(b, "main", 0, b.graph().inputs, b.graph().outputs);
  const int32_t first = num_ops(b);
  const int32_t init_handle = b.add_tensor("init/handle", DType::Resource, {});
  b.add_op(T::VarHandle, {}, {init_handle}, name);
  const int32_t start = random_const(b, rng, "init/start", dtype, shape);
  b.graph().tensors[static_cast<size_t>(start)].quant = b.graph().tensors[static_cast<size_t>(x)].quant;
  b.add_op(T::AssignVariable, {init_handle, start}, {});
  end_subgraph(b, "init", first, {}, {});
  return finish(b);
}

}  // namespace

void add_control_flow_cases(std::vector<CaseGenerator>& out) {
  add_per_dtype(out, "IF", {DType::Float32, DType::Int8}, if_case);
  add_per_dtype(out, "WHILE", {DType::Float32, DType::Int8}, while_case);
  add_per_dtype(out, "CALL_ONCE", {DType::Float32, DType::Int8},
                [](Rng& r, DType d) { return variable_case(r, d, true); });
  add_per_dtype(out, "READ_VARIABLE", {DType::Float32, DType::Int8},
                [](Rng& r, DType d) { return variable_case(r, d, false); });
}

}  // namespace mlonmcu::difftest
