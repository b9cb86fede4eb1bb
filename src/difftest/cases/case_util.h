// Helpers the case generators share: random shapes, quantization and tensors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "difftest/op_cases.h"
#include "modelbuilder/builder.h"

namespace mlonmcu::difftest::gen {

using ir::DType;
using modelbuilder::GraphBuilder;
using modelbuilder::Rng;

// A per-tensor quantization of the dtype: int8 any zero point, int16 zero point 0 (TFLite's
// 16x8 scheme), none for float32, int32 and bool. Scales log-uniform in [2^lo, 2^hi].
ir::Quantization random_quant(Rng& rng, DType dtype, int lo = -8, int hi = -1);
// A scale of 2^e, log-uniform in e ∈ [lo, hi].
float random_scale(Rng& rng, int lo, int hi);

// rank in [min_rank, max_rank], each dim in [1, max_dim].
std::vector<int32_t> random_shape(Rng& rng, int min_rank, int max_rank, int max_dim);
// The shape with some dims set to 1 (a broadcast partner), possibly with fewer leading dims.
std::vector<int32_t> broadcast_partner(Rng& rng, const std::vector<int32_t>& shape);
// The elementwise broadcast of two shapes.
std::vector<int32_t> broadcast_shape(const std::vector<int32_t>& a, const std::vector<int32_t>& b);

// A graph input with a random quantization of its dtype.
int32_t input(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, std::vector<int32_t> shape);
// A tensor with a random quantization of its dtype.
int32_t tensor(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, std::vector<int32_t> shape);
// The same quantization as tensor `like`.
int32_t tensor_like(GraphBuilder& b, const std::string& name, int32_t like, std::vector<int32_t> shape);
// A constant of random values (valid for the dtype; floats in [-2, 2]) with a random quantization.
int32_t random_const(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, std::vector<int32_t> shape);

// A constant int8 filter of random values with symmetric quantization: one scale per channel
// along `axis`, or (at random) one for all; scales in [2^lo, 2^hi].
int32_t symmetric_filter(GraphBuilder& b, Rng& rng, const std::string& name, std::vector<int32_t> shape, int32_t axis,
                         int lo, int hi);
// A constant int32 or int64 bias of n values in [-range, range] with the given scale.
int32_t random_bias(GraphBuilder& b, Rng& rng, const std::string& name, DType dtype, int32_t n, int32_t range,
                    float scale);

std::string dtype_label(DType dtype);

// One generator per dtype: {op, dtype_label(d), [d](Rng& r) { return make(r, d); }}.
template <typename Make>
void add_per_dtype(std::vector<CaseGenerator>& out, const std::string& op, std::initializer_list<DType> dtypes,
                   Make make) {
  for (DType d : dtypes) out.push_back({op, dtype_label(d), [d, make](Rng& r) { return make(r, d); }});
}

// A case of a builder whose graph is complete.
OpCase finish(GraphBuilder& b, std::map<size_t, InputRange> ranges = {});

}  // namespace mlonmcu::difftest::gen
