// Reductions over constant axes: MEAN, SUM, REDUCE_MAX, REDUCE_MIN (float32, int8), any subset
// of axes (negative ones too), with and without keep_dims; int8 MEAN/SUM with independent
// output scales (MEAN also with the input's), int8 MAX/MIN with the input's (TFLite-Micro
// requires it); int16 MEAN and SUM; ARG_MAX, ARG_MIN;
// CUMSUM (exclusive, reverse).
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

OpCase reduce(Rng& rng, T type, DType dtype, bool keep_quant = false) {
  GraphBuilder b(ir::op_type_name(type), rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const int32_t rank = static_cast<int32_t>(shape.size());
  std::vector<int32_t> axes;
  std::vector<bool> reduced(shape.size(), false);
  for (int32_t d = 0; d < rank; ++d)
    if (rng.uniform_int(0, 1) == 1) {
      axes.push_back(rng.uniform_int(0, 1) ? d - rank : d);
      reduced[static_cast<size_t>(d)] = true;
    }
  if (axes.empty()) {
    const int32_t d = rng.uniform_int(0, rank - 1);
    axes.push_back(d);
    reduced[static_cast<size_t>(d)] = true;
  }
  const bool keep_dims = rng.uniform_int(0, 1) == 1;
  std::vector<int32_t> out_shape;
  for (size_t d = 0; d < shape.size(); ++d)
    if (!reduced[d]) out_shape.push_back(shape[d]);
    else if (keep_dims) out_shape.push_back(1);
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t axis = b.add_const_int32("axis", {static_cast<int32_t>(axes.size())}, axes);
  const bool same_quant = keep_quant || type == T::ReduceMax || type == T::ReduceMin;
  const int32_t out = same_quant ? tensor_like(b, "out", x, out_shape) : tensor(b, rng, "out", dtype, out_shape);
  b.add_op(type, {x, axis}, {out}, ir::ReducerOptions{keep_dims});
  b.add_output(out);
  return finish(b);
}

OpCase arg_min_max(Rng& rng, T type, DType dtype) {
  GraphBuilder b(ir::op_type_name(type), rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const int32_t rank = static_cast<int32_t>(shape.size());
  const int32_t a = rng.uniform_int(0, rank - 1);
  auto out_shape = shape;
  out_shape.erase(out_shape.begin() + a);
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t axis = b.add_const_int32("axis", {1}, {rng.uniform_int(0, 1) ? a - rank : a});
  const int32_t out = b.add_tensor("out", DType::Int32, out_shape);
  b.add_op(type, {x, axis}, {out});
  b.add_output(out);
  // Few distinct int8 values: ties, which must keep the first index.
  if (dtype == DType::Int8) return finish(b, {{0, {-2, 2}}});
  return finish(b);
}

OpCase cumsum(Rng& rng, DType dtype) {
  GraphBuilder b("cumsum", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const int32_t rank = static_cast<int32_t>(shape.size());
  const int32_t a = rng.uniform_int(0, rank - 1);
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t axis = b.add_const_int32("axis", {}, {rng.uniform_int(0, 1) ? a - rank : a});
  const int32_t out = tensor(b, rng, "out", dtype, shape);
  b.add_op(T::Cumsum, {x, axis}, {out}, ir::CumsumOptions{rng.uniform_int(0, 1) == 1, rng.uniform_int(0, 1) == 1});
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_reduce_cases(std::vector<CaseGenerator>& out) {
  for (T type : {T::Mean, T::Sum, T::ReduceMax, T::ReduceMin})
    add_per_dtype(out, ir::op_type_name(type), {DType::Float32, DType::Int8},
                  [type](Rng& r, DType d) { return reduce(r, type, d); });
  // int8 MEAN in the input's quantization; int16 (16x8) MEAN and SUM.
  out.push_back({"MEAN", "int8 same quantization", [](Rng& r) { return reduce(r, T::Mean, DType::Int8, true); }});
  for (T type : {T::Mean, T::Sum})
    add_per_dtype(out, ir::op_type_name(type), {DType::Int16}, [type](Rng& r, DType d) { return reduce(r, type, d); });
  for (T type : {T::ArgMax, T::ArgMin})
    add_per_dtype(out, ir::op_type_name(type), {DType::Float32, DType::Int8},
                  [type](Rng& r, DType d) { return arg_min_max(r, type, d); });
  add_per_dtype(out, "CUMSUM", {DType::Float32, DType::Int8}, cumsum);
}

}  // namespace mlonmcu::difftest
