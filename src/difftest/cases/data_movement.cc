// Data movement: SPLIT, SPLIT_V, PACK, UNPACK over random shapes, axes (negative too) and every
// dtype TFLite-Micro has a kernel for.
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;

int32_t axis_of(Rng& rng, size_t rank, bool negative_ok = true) {
  const int32_t axis = rng.uniform_int(0, static_cast<int32_t>(rank) - 1);
  return negative_ok && rng.uniform_int(0, 1) == 1 ? axis - static_cast<int32_t>(rank) : axis;
}

size_t positive(int32_t axis, size_t rank) { return static_cast<size_t>(axis < 0 ? axis + static_cast<int32_t>(rank) : axis); }

OpCase split(Rng& rng, DType dtype, bool v) {
  GraphBuilder b("split", rng.next());
  auto shape = random_shape(rng, 1, 4, 4);
  const int32_t axis = axis_of(rng, shape.size());
  const size_t a = positive(axis, shape.size());
  const int32_t parts = rng.uniform_int(1, 4);
  std::vector<int32_t> sizes;
  if (v) {
    // Parts of 1..3 (TFLite-Micro allocates no empty tensors).
    for (int32_t i = 0; i < parts; ++i) sizes.push_back(rng.uniform_int(1, 3));
    shape[a] = 0;
    for (int32_t s : sizes) shape[a] += s;
  } else {
    shape[a] = parts * rng.uniform_int(1, 3);
    sizes.assign(static_cast<size_t>(parts), shape[a] / parts);
  }
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t axis_t = b.add_const_int32("axis", {}, {axis});
  std::vector<int32_t> outs;
  for (size_t i = 0; i < sizes.size(); ++i) {
    auto s = shape;
    s[a] = sizes[i];
    outs.push_back(tensor_like(b, "part" + std::to_string(i), x, s));
  }
  if (v) {
    // One size may be -1: the rest of the axis.
    std::vector<int32_t> given = sizes;
    if (rng.uniform_int(0, 1) == 1) given[static_cast<size_t>(rng.uniform_int(0, parts - 1))] = -1;
    const int32_t sizes_t = b.add_const_int32("size_splits", {parts}, given);
    b.add_op(ir::OpType::SplitV, {x, sizes_t, axis_t}, outs, ir::SplitOptions{parts});
  } else {
    b.add_op(ir::OpType::Split, {axis_t, x}, outs, ir::SplitOptions{parts});
  }
  for (int32_t o : outs) b.add_output(o);
  return finish(b);
}

OpCase unpack(Rng& rng, DType dtype) {
  GraphBuilder b("unpack", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  const int32_t axis = axis_of(rng, shape.size());
  const size_t a = positive(axis, shape.size());
  const int32_t x = input(b, rng, "x", dtype, shape);
  auto part = shape;
  part.erase(part.begin() + static_cast<std::ptrdiff_t>(a));
  std::vector<int32_t> outs;
  for (int32_t i = 0; i < shape[a]; ++i) outs.push_back(tensor_like(b, "part" + std::to_string(i), x, part));
  b.add_op(ir::OpType::Unpack, {x}, outs, ir::PackOptions{shape[a], axis});
  for (int32_t o : outs) b.add_output(o);
  return finish(b);
}

OpCase pack(Rng& rng, DType dtype) {
  GraphBuilder b("pack", rng.next());
  const auto part = random_shape(rng, 0, 3, 4);
  const int32_t n = rng.uniform_int(1, 4);
  const int32_t axis = axis_of(rng, part.size() + 1);
  auto shape = part;
  shape.insert(shape.begin() + static_cast<std::ptrdiff_t>(positive(axis, part.size() + 1)), n);
  std::vector<int32_t> ins;
  const auto q = random_quant(rng, dtype);
  for (int32_t i = 0; i < n; ++i) ins.push_back(b.input("x" + std::to_string(i), dtype, part, q));
  const int32_t out = b.add_tensor("out", dtype, shape, q);
  b.add_op(ir::OpType::Pack, ins, {out}, ir::PackOptions{n, axis});
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_data_movement_cases(std::vector<CaseGenerator>& out) {
  const auto all = {DType::Float32, DType::Int8, DType::Int16, DType::Int32};
  add_per_dtype(out, "SPLIT", all, [](Rng& r, DType d) { return split(r, d, false); });
  add_per_dtype(out, "SPLIT_V", all, [](Rng& r, DType d) { return split(r, d, true); });
  add_per_dtype(out, "UNPACK", all, unpack);
  add_per_dtype(out, "PACK", {DType::Float32, DType::Int8, DType::Int16, DType::Int32, DType::Int64}, pack);
}

}  // namespace mlonmcu::difftest
