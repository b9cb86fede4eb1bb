// Randomized models for the differential tests: per op and dtype variant a generator that
// writes a small model (one op, or a few) with random shapes, parameters and quantization,
// including edge cases (broadcasts, empty-ish dims, extreme scales). The same seed gives the
// same models. Generators live in cases/<family>.cc and are listed once in cases/cases.def.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "modelbuilder/builder.h"

namespace mlonmcu::difftest {

// Values an input takes: integers for integer dtypes, reals for float32, inclusive.
struct InputRange {
  double lo = 0;
  double hi = 0;
};

// Output bytes TFLM leaves undefined, set to a canonical value in both results before they are
// compared (empty: every byte counts).
using Canonicalize = std::function<void(std::vector<std::vector<uint8_t>>& outputs)>;

struct OpCase {
  ir::Graph graph;
  std::map<size_t, InputRange> ranges;  // by graph input position; the dtype's default otherwise
  Canonicalize canonical;
};

struct CaseGenerator {
  std::string op;       // TFLite name, "SPLIT_V"
  std::string variant;  // "int8", "float32", "int16", "int32", "bool", or a finer label
  std::function<OpCase(modelbuilder::Rng&)> make;
};

// Every registered generator, in registration order.
const std::vector<CaseGenerator>& case_generators();

// One generated model with its input sample.
struct Case {
  std::string name;  // "SPLIT_V/int8#3"
  std::string op;
  std::string variant;
  ir::Graph graph;
  std::vector<std::vector<uint8_t>> inputs;
  Canonicalize canonical;
};

// `count` cases per generator whose op is in `ops` (empty: all), seeded by `seed`.
std::vector<Case> make_cases(uint64_t seed, int count, const std::vector<std::string>& ops = {});

// Random bytes for every graph input, within the case's ranges.
std::vector<std::vector<uint8_t>> random_inputs(const OpCase& c, modelbuilder::Rng& rng);

}  // namespace mlonmcu::difftest
