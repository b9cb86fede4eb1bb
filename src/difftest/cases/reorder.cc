// Shapes and reordering: EXPAND_DIMS, SHAPE, BROADCAST_ARGS, BROADCAST_TO, FILL, ZEROS_LIKE, PADV2,
// SLICE, MIRROR_PAD, REVERSE_V2, DEPTH_TO_SPACE, SPACE_TO_DEPTH, SPACE_TO_BATCH_ND,
// BATCH_TO_SPACE_ND, GATHER, GATHER_ND, EMBEDDING_LOOKUP, each in the dtypes TFLite-Micro has.
#include <cstring>

#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

// A single-op case: input x of `shape`, constant operands after it, output of `out_shape`.
OpCase unary_with_consts(Rng& rng, DType dtype, T type, const std::vector<int32_t>& shape,
                         const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>>& consts,
                         const std::vector<int32_t>& out_shape, ir::Options options = ir::NoOptions{}) {
  GraphBuilder b(ir::op_type_name(type), rng.next());
  const int32_t x = input(b, rng, "x", dtype, shape);
  std::vector<int32_t> ins = {x};
  for (size_t i = 0; i < consts.size(); ++i)
    ins.push_back(b.add_const_int32("c" + std::to_string(i), consts[i].first, consts[i].second));
  const int32_t out = tensor_like(b, "out", x, out_shape);
  b.add_op(type, ins, {out}, std::move(options));
  b.add_output(out);
  return finish(b);
}

OpCase expand_dims(Rng& rng, DType dtype) {
  const auto shape = random_shape(rng, 0, 4, 4);
  const int32_t rank = static_cast<int32_t>(shape.size());
  const int32_t axis = rng.uniform_int(-rank - 1, rank);
  auto out = shape;
  out.insert(out.begin() + (axis < 0 ? axis + rank + 1 : axis), 1);
  return unary_with_consts(rng, dtype, T::ExpandDims, shape, {{{}, {axis}}}, out);
}

OpCase shape_op(Rng& rng, DType dtype) {
  GraphBuilder b("shape", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t out = b.add_tensor("out", DType::Int32, {static_cast<int32_t>(shape.size())});
  b.add_op(T::Shape, {x}, {out});
  b.add_output(out);
  return finish(b);
}

// runtime: the first shape is a graph input (else both are constants the lowering folds).
OpCase broadcast_args(Rng& rng, DType dtype, bool runtime) {
  GraphBuilder b("broadcast_args", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const auto other = broadcast_partner(rng, shape);
  auto vec = [&](const std::vector<int32_t>& s) {
    std::vector<uint8_t> data(s.size() * ir::dtype_size(dtype));
    for (size_t i = 0; i < s.size(); ++i) {
      if (dtype == DType::Int32) std::memcpy(data.data() + 4 * i, &s[i], 4);
      else { const int64_t v = s[i]; std::memcpy(data.data() + 8 * i, &v, 8); }
    }
    return data;
  };
  const int32_t n1 = static_cast<int32_t>(shape.size()), n2 = static_cast<int32_t>(other.size());
  const int32_t a = runtime ? b.input("a", dtype, {n1}) : b.add_const("a", dtype, {n1}, vec(shape));
  const int32_t c = b.add_const("b", dtype, {n2}, vec(other));
  const int32_t out = b.add_tensor("out", dtype, {std::max(n1, n2)});
  b.add_op(T::BroadcastArgs, {a, c}, {out});
  b.add_output(out);
  OpCase oc = finish(b);
  if (runtime) oc.ranges[0] = {1, 1};  // a shape of ones broadcasts with anything
  return oc;
}

OpCase broadcast_to(Rng& rng, DType dtype) {
  const auto shape = random_shape(rng, 1, 5, 4);
  const auto in = broadcast_partner(rng, shape);
  return unary_with_consts(rng, dtype, T::BroadcastTo, in, {{{static_cast<int32_t>(shape.size())}, shape}}, shape);
}

OpCase fill(Rng& rng, DType dtype) {
  GraphBuilder b("fill", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const int32_t dims = b.add_const_int32("dims", {static_cast<int32_t>(shape.size())}, shape);
  const int32_t value = input(b, rng, "value", dtype, {});
  const int32_t out = tensor_like(b, "out", value, shape);
  b.add_op(T::Fill, {dims, value}, {out});
  b.add_output(out);
  return finish(b);
}

OpCase zeros_like(Rng& rng, DType dtype) {
  const auto shape = random_shape(rng, 1, 4, 5);
  return unary_with_consts(rng, dtype, T::ZerosLike, shape, {}, shape);
}

OpCase padv2(Rng& rng, DType dtype) {
  GraphBuilder b("padv2", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  std::vector<int32_t> pads, out = shape;
  for (size_t d = 0; d < shape.size(); ++d) {
    pads.push_back(rng.uniform_int(0, 2));
    pads.push_back(rng.uniform_int(0, 2));
    out[d] += pads[2 * d] + pads[2 * d + 1];
  }
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t p = b.add_const_int32("paddings", {static_cast<int32_t>(shape.size()), 2}, pads);
  const int32_t value = random_const(b, rng, "value", dtype, {});
  // The value in the output's (= the input's) quantization; indices, as adding tensors moves them.
  b.graph().tensors[static_cast<size_t>(value)].quant = b.graph().tensors[static_cast<size_t>(x)].quant;
  const int32_t o = tensor_like(b, "out", x, out);
  b.add_op(T::PadV2, {x, p, value}, {o});
  b.add_output(o);
  return finish(b);
}

OpCase slice(Rng& rng, DType dtype) {
  const auto shape = random_shape(rng, 1, 4, 5);
  std::vector<int32_t> begin, size, out;
  for (int32_t n : shape) {
    begin.push_back(rng.uniform_int(0, n - 1));
    const int32_t s = rng.uniform_int(1, n - begin.back());
    const bool rest = rng.uniform_int(0, 3) == 0;
    size.push_back(rest ? -1 : s);
    out.push_back(rest ? n - begin.back() : s);
  }
  const int32_t r = static_cast<int32_t>(shape.size());
  return unary_with_consts(rng, dtype, T::Slice, shape, {{{r}, begin}, {{r}, size}}, out);
}

OpCase mirror_pad(Rng& rng, DType dtype) {
  const auto shape = random_shape(rng, 1, 4, 4);
  const bool symmetric = rng.uniform_int(0, 1) == 1;
  std::vector<int32_t> pads, out = shape;
  for (size_t d = 0; d < shape.size(); ++d) {
    const int32_t most = shape[d] - (symmetric ? 0 : 1);
    pads.push_back(rng.uniform_int(0, most));
    pads.push_back(rng.uniform_int(0, most));
    out[d] += pads[2 * d] + pads[2 * d + 1];
  }
  return unary_with_consts(rng, dtype, T::MirrorPad, shape, {{{static_cast<int32_t>(shape.size()), 2}, pads}}, out,
                           ir::MirrorPadOptions{symmetric});
}

OpCase reverse(Rng& rng, DType dtype) {
  const auto shape = random_shape(rng, 1, 4, 4);
  // TFLite-Micro takes contiguous axes only.
  const int32_t r = static_cast<int32_t>(shape.size());
  const int32_t first = rng.uniform_int(0, r - 1), count = rng.uniform_int(1, r - first);
  std::vector<int32_t> axes;
  for (int32_t a = first; a < first + count; ++a) axes.push_back(rng.uniform_int(0, 1) ? a - r : a);
  return unary_with_consts(rng, dtype, T::ReverseV2, shape, {{{count}, axes}}, shape);
}

OpCase depth_space(Rng& rng, DType dtype, bool to_space) {
  const int32_t bs = rng.uniform_int(1, 3), n = rng.uniform_int(1, 2), h = rng.uniform_int(1, 3),
                w = rng.uniform_int(1, 3), c = rng.uniform_int(1, 3);
  const std::vector<int32_t> depth = {n, h, w, c * bs * bs}, space = {n, h * bs, w * bs, c};
  return unary_with_consts(rng, dtype, to_space ? T::DepthToSpace : T::SpaceToDepth, to_space ? depth : space, {},
                           to_space ? space : depth, ir::BlockOptions{bs});
}

OpCase space_batch(Rng& rng, DType dtype, bool to_batch) {
  const bool four = rng.uniform_int(0, 1) == 1;
  const int32_t bh = rng.uniform_int(1, 3), bw = four ? rng.uniform_int(1, 3) : 1, n = rng.uniform_int(1, 2),
                c = rng.uniform_int(1, 3);
  const int32_t pt = rng.uniform_int(0, 2), pb = rng.uniform_int(0, 2), pl = four ? rng.uniform_int(0, 2) : 0,
                pr = four ? rng.uniform_int(0, 2) : 0;
  // Blocks of the padded (or uncropped) space.
  const int32_t oh = rng.uniform_int(1, 3), ow = rng.uniform_int(1, 3);
  const int32_t sh = oh * bh - pt - pb, sw = ow * bw - pl - pr;
  if (sh < 1 || sw < 1) return space_batch(rng, dtype, to_batch);
  std::vector<int32_t> space = {n, sh, sw, c}, batch = {n * bh * bw, oh, ow, c};
  std::vector<int32_t> block = {bh, bw}, pads = {pt, pb, pl, pr};
  if (!four) {
    space = {n, sh, c};
    batch = {n * bh, oh, c};
    block = {bh};
    pads = {pt, pb};
  }
  const int32_t k = static_cast<int32_t>(block.size());
  return unary_with_consts(rng, dtype, to_batch ? T::SpaceToBatchNd : T::BatchToSpaceNd, to_batch ? space : batch,
                           {{{k}, block}, {{k, 2}, pads}}, to_batch ? batch : space);
}

OpCase gather(Rng& rng, DType dtype) {
  GraphBuilder b("gather", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  const int32_t r = static_cast<int32_t>(shape.size());
  const int32_t axis = rng.uniform_int(0, r - 1), batch_dims = rng.uniform_int(0, axis);
  std::vector<int32_t> idx_shape(shape.begin(), shape.begin() + batch_dims);
  for (int32_t extra = rng.uniform_int(0, 2); extra > 0; --extra) idx_shape.push_back(rng.uniform_int(1, 3));
  std::vector<int32_t> out(shape.begin(), shape.begin() + axis);
  out.insert(out.end(), idx_shape.begin() + batch_dims, idx_shape.end());
  out.insert(out.end(), shape.begin() + axis + 1, shape.end());
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t idx = b.input("indices", DType::Int32, idx_shape);
  const int32_t o = tensor_like(b, "out", x, out);
  b.add_op(T::Gather, {x, idx}, {o}, ir::GatherOptions{rng.uniform_int(0, 1) ? axis - r : axis, batch_dims});
  b.add_output(o);
  return finish(b, {{1, {0, static_cast<double>(shape[static_cast<size_t>(axis)] - 1)}}});
}

OpCase gather_nd(Rng& rng, DType dtype) {
  GraphBuilder b("gather_nd", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  const int32_t depth = rng.uniform_int(1, static_cast<int32_t>(shape.size()));
  auto idx_shape = random_shape(rng, 0, 2, 3);
  idx_shape.push_back(depth);
  std::vector<int32_t> out(idx_shape.begin(), idx_shape.end() - 1);
  out.insert(out.end(), shape.begin() + depth, shape.end());
  const int32_t x = input(b, rng, "x", dtype, shape);
  // Constant indices within each dim.
  std::vector<int32_t> indices;
  int64_t n = 1;
  for (int32_t d : idx_shape) n *= d;
  for (int64_t i = 0; i < n; ++i) indices.push_back(rng.uniform_int(0, shape[static_cast<size_t>(i % depth)] - 1));
  const int32_t idx = b.add_const_int32("indices", idx_shape, indices);
  const int32_t o = tensor_like(b, "out", x, out);
  b.add_op(T::GatherNd, {x, idx}, {o});
  b.add_output(o);
  return finish(b);
}

OpCase embedding_lookup(Rng& rng, DType value_type, DType out_type) {
  GraphBuilder b("embedding_lookup", rng.next());
  const int32_t rows = rng.uniform_int(1, 6), lookups = rng.uniform_int(1, 5);
  auto shape = random_shape(rng, 1, 2, 4);
  shape.insert(shape.begin(), rows);
  const int32_t ids = b.input("ids", DType::Int32, {lookups});
  const int32_t values = random_const(b, rng, "values", value_type, shape);
  if (value_type == DType::Int8) b.graph().tensors[static_cast<size_t>(values)].quant.zero_point = {0};
  auto out_shape = shape;
  out_shape[0] = lookups;
  const int32_t o = value_type == out_type ? tensor_like(b, "out", values, out_shape) : b.add_tensor("out", out_type, out_shape);
  b.add_op(T::EmbeddingLookup, {ids, values}, {o});
  b.add_output(o);
  return finish(b, {{0, {0, static_cast<double>(rows - 1)}}});
}

}  // namespace

void add_reorder_cases(std::vector<CaseGenerator>& out) {
  const auto basic = {DType::Float32, DType::Int8};
  const auto common = {DType::Float32, DType::Int8, DType::Int16, DType::Int32};
  add_per_dtype(out, "EXPAND_DIMS", {DType::Float32, DType::Int8, DType::Int16}, expand_dims);
  add_per_dtype(out, "SHAPE", {DType::Float32, DType::Int8}, shape_op);
  for (DType d : {DType::Int32, DType::Int64})
    for (bool runtime : {true, false})
      out.push_back({"BROADCAST_ARGS", dtype_label(d) + (runtime ? "" : " constant"),
                     [d, runtime](Rng& r) { return broadcast_args(r, d, runtime); }});
  add_per_dtype(out, "BROADCAST_TO", {DType::Float32, DType::Int8, DType::Int16, DType::Int32, DType::Bool}, broadcast_to);
  add_per_dtype(out, "FILL", {DType::Float32, DType::Int8, DType::Int32}, fill);  // TFLM's Eval: these three
  add_per_dtype(out, "ZEROS_LIKE", {DType::Float32, DType::Int8, DType::Int32, DType::Int64}, zeros_like);
  add_per_dtype(out, "PADV2", common, padv2);
  add_per_dtype(out, "SLICE", {DType::Float32, DType::Int8, DType::Int16, DType::Int32, DType::Bool}, slice);
  add_per_dtype(out, "MIRROR_PAD", basic, mirror_pad);
  add_per_dtype(out, "REVERSE_V2", {DType::Float32, DType::Int8, DType::Int16, DType::Int32, DType::Bool}, reverse);
  add_per_dtype(out, "DEPTH_TO_SPACE", basic, [](Rng& r, DType d) { return depth_space(r, d, true); });
  add_per_dtype(out, "SPACE_TO_DEPTH", basic, [](Rng& r, DType d) { return depth_space(r, d, false); });
  add_per_dtype(out, "SPACE_TO_BATCH_ND", basic, [](Rng& r, DType d) { return space_batch(r, d, true); });
  add_per_dtype(out, "BATCH_TO_SPACE_ND", basic, [](Rng& r, DType d) { return space_batch(r, d, false); });
  add_per_dtype(out, "GATHER", basic, gather);
  add_per_dtype(out, "GATHER_ND", basic, gather_nd);
  out.push_back({"EMBEDDING_LOOKUP", "float32", [](Rng& r) { return embedding_lookup(r, DType::Float32, DType::Float32); }});
  out.push_back({"EMBEDDING_LOOKUP", "int8", [](Rng& r) { return embedding_lookup(r, DType::Int8, DType::Int8); }});
  out.push_back({"EMBEDDING_LOOKUP", "int8->float32", [](Rng& r) { return embedding_lookup(r, DType::Int8, DType::Float32); }});
}

}  // namespace mlonmcu::difftest
