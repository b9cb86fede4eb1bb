#include "difftest/cases/case_util.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mlonmcu::difftest::gen {

float random_scale(Rng& rng, int lo, int hi) {
  return std::exp2(rng.uniform_float(static_cast<float>(lo), static_cast<float>(hi)));
}

ir::Quantization random_quant(Rng& rng, DType dtype, int lo, int hi) {
  switch (dtype) {
    case DType::Int8: return modelbuilder::per_tensor(random_scale(rng, lo, hi), rng.uniform_int(-128, 127));
    case DType::Int16: return modelbuilder::per_tensor(random_scale(rng, lo - 8, hi - 8), 0);
    default: return {};
  }
}

std::vector<int32_t> random_shape(Rng& rng, int min_rank, int max_rank, int max_dim) {
  std::vector<int32_t> shape(static_cast<size_t>(rng.uniform_int(min_rank, max_rank)));
  for (int32_t& d : shape) d = rng.uniform_int(1, max_dim);
  return shape;
}

std::vector<int32_t> broadcast_partner(Rng& rng, const std::vector<int32_t>& shape) {
  std::vector<int32_t> out = shape;
  for (int32_t& d : out)
    if (rng.uniform_int(0, 2) == 0) d = 1;
  const int drop = rng.uniform_int(0, static_cast<int32_t>(out.size()));
  if (rng.uniform_int(0, 1) == 0) out.erase(out.begin(), out.begin() + drop);
  return out;
}

std::vector<int32_t> broadcast_shape(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  std::vector<int32_t> out(std::max(a.size(), b.size()), 1);
  for (size_t i = 0; i < out.size(); ++i) {
    const size_t ia = i + a.size(), ib = i + b.size();
    const int32_t da = ia >= out.size() ? a[ia - out.size()] : 1;
    const int32_t db = ib >= out.size() ? b[ib - out.size()] : 1;
    out[i] = std::max(da, db);
  }
  return out;
}

int32_t input(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, std::vector<int32_t> shape) {
  return b.input(name, dtype, std::move(shape), random_quant(rng, dtype));
}

int32_t tensor(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, std::vector<int32_t> shape) {
  return b.add_tensor(name, dtype, std::move(shape), random_quant(rng, dtype));
}

int32_t tensor_like(GraphBuilder& b, const std::string& name, int32_t like, std::vector<int32_t> shape) {
  const ir::Tensor t = b.graph().tensors[static_cast<size_t>(like)];
  return b.add_tensor(name, t.dtype, std::move(shape), t.quant);
}

int32_t random_const(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, std::vector<int32_t> shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  std::vector<uint8_t> data(static_cast<size_t>(n) * ir::dtype_size(dtype));
  for (int64_t i = 0; i < n; ++i) {
    uint8_t* p = data.data() + static_cast<size_t>(i) * ir::dtype_size(dtype);
    switch (dtype) {
      case DType::Float32: { const float v = rng.uniform_float(-2, 2); std::memcpy(p, &v, 4); break; }
      case DType::Int16: { const auto v = static_cast<int16_t>(rng.uniform_int(-32768, 32767)); std::memcpy(p, &v, 2); break; }
      case DType::Int32: { const int32_t v = rng.uniform_int(-100, 100); std::memcpy(p, &v, 4); break; }
      case DType::Bool: *p = static_cast<uint8_t>(rng.uniform_int(0, 1)); break;
      default: *p = static_cast<uint8_t>(rng.uniform_int(0, 255)); break;
    }
  }
  return b.add_const(name, dtype, std::move(shape), std::move(data), random_quant(rng, dtype));
}

int32_t symmetric_filter(GraphBuilder& b, Rng& rng, const std::string& name, std::vector<int32_t> shape, int32_t axis,
                         int lo, int hi) {
  const int32_t channels = shape[static_cast<size_t>(axis)];
  const int32_t filter = random_const(b, rng, name, DType::Int8, std::move(shape));
  ir::Quantization q;
  q.axis = axis;
  const bool per_channel = rng.uniform_int(0, 1) == 1;
  for (int32_t c = 0; c < channels; ++c) {
    const float scale = random_scale(rng, lo, hi);  // drawn for every channel: one rng sequence either way
    if (per_channel || c == 0) q.scale.push_back(scale), q.zero_point.push_back(0);
  }
  b.graph().tensors[static_cast<size_t>(filter)].quant = q;
  return filter;
}

int32_t random_bias(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, int32_t n, int32_t range,
                    float scale) {
  const size_t size = ir::dtype_size(dtype);
  std::vector<uint8_t> data(static_cast<size_t>(n) * size);
  for (int32_t i = 0; i < n; ++i) {
    const int64_t v = rng.uniform_int(-range, range);
    if (dtype == DType::Int64) std::memcpy(data.data() + static_cast<size_t>(i) * size, &v, 8);
    else { const auto v32 = static_cast<int32_t>(v); std::memcpy(data.data() + static_cast<size_t>(i) * size, &v32, 4); }
  }
  return b.add_const(name, dtype, {n}, std::move(data), modelbuilder::per_tensor(scale, 0));
}

std::string dtype_label(DType dtype) { return ir::dtype_name(dtype); }

OpCase finish(GraphBuilder& b, std::map<size_t, InputRange> ranges) { return {b.build(), std::move(ranges), {}}; }

}  // namespace mlonmcu::difftest::gen
