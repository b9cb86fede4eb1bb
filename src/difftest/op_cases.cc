#include "difftest/op_cases.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace mlonmcu::difftest {

#define MLONMCU_CASES(fn) void fn(std::vector<CaseGenerator>& out);
#include "difftest/cases/cases.def"
#undef MLONMCU_CASES

const std::vector<CaseGenerator>& case_generators() {
  static const std::vector<CaseGenerator> all = [] {
    std::vector<CaseGenerator> out;
#define MLONMCU_CASES(fn) fn(out);
#include "difftest/cases/cases.def"
#undef MLONMCU_CASES
    return out;
  }();
  return all;
}

std::vector<Case> make_cases(uint64_t seed, int count, const std::vector<std::string>& ops) {
  std::vector<Case> cases;
  const auto& generators = case_generators();
  for (size_t g = 0; g < generators.size(); ++g) {
    const CaseGenerator& gen = generators[g];
    if (!ops.empty() && std::find(ops.begin(), ops.end(), gen.op) == ops.end()) continue;
    for (int i = 0; i < count; ++i) {
      // Each case its own stream: adding a generator or a case does not change the others.
      modelbuilder::Rng rng(seed * 0x9e3779b97f4a7c15ULL + (g << 20) + static_cast<uint64_t>(i));
      OpCase c = gen.make(rng);
      Case out;
      out.name = fmt::format("{}/{}#{}", gen.op, gen.variant, i);
      out.op = gen.op;
      out.variant = gen.variant;
      out.inputs = random_inputs(c, rng);
      out.graph = std::move(c.graph);
      out.canonical = std::move(c.canonical);
      out.graph.name = fmt::format("{}_{}_{}", gen.op, gen.variant, i);
      cases.push_back(std::move(out));
    }
  }
  return cases;
}

namespace {

InputRange default_range(ir::DType dtype) {
  switch (dtype) {
    case ir::DType::Float32: return {-4, 4};
    case ir::DType::Int8: return {-128, 127};
    case ir::DType::UInt8: return {0, 255};
    case ir::DType::Int16: return {-32768, 32767};
    case ir::DType::Bool: return {0, 1};
    default: return {-100, 100};
  }
}

template <typename T>
void put(std::vector<uint8_t>& bytes, size_t i, T v) {
  std::memcpy(bytes.data() + i * sizeof(T), &v, sizeof(T));
}

}  // namespace

std::vector<std::vector<uint8_t>> random_inputs(const OpCase& c, modelbuilder::Rng& rng) {
  std::vector<std::vector<uint8_t>> inputs;
  for (size_t k = 0; k < c.graph.inputs.size(); ++k) {
    const ir::Tensor& t = c.graph.tensors[static_cast<size_t>(c.graph.inputs[k])];
    const auto it = c.ranges.find(k);
    const InputRange r = it != c.ranges.end() ? it->second : default_range(t.dtype);
    std::vector<uint8_t> bytes(static_cast<size_t>(t.num_bytes()));
    const auto n = static_cast<size_t>(t.num_elements());
    const auto lo = static_cast<int32_t>(std::ceil(r.lo)), hi = static_cast<int32_t>(std::floor(r.hi));
    for (size_t i = 0; i < n; ++i) {
      switch (t.dtype) {
        case ir::DType::Float32: put(bytes, i, rng.uniform_float(static_cast<float>(r.lo), static_cast<float>(r.hi))); break;
        case ir::DType::Int8: put(bytes, i, static_cast<int8_t>(rng.uniform_int(lo, hi))); break;
        case ir::DType::UInt8:
        case ir::DType::Bool: put(bytes, i, static_cast<uint8_t>(rng.uniform_int(lo, hi))); break;
        case ir::DType::Int16: put(bytes, i, static_cast<int16_t>(rng.uniform_int(lo, hi))); break;
        case ir::DType::Int32: put(bytes, i, rng.uniform_int(lo, hi)); break;
        case ir::DType::Int64: put(bytes, i, static_cast<int64_t>(rng.uniform_int(lo, hi))); break;
        default: break;
      }
    }
    inputs.push_back(std::move(bytes));
  }
  return inputs;
}

}  // namespace mlonmcu::difftest
