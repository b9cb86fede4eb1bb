// Small pieces of C text the aot code generator prints: types, literals that are valid C for
// every value, constant initializers, wrapped calls.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::backends::aot {

const char* c_type(ir::DType dtype);  // "int8_t", "float"
std::string int_literal(int64_t v);   // "(-2147483647 - 1)" for INT32_MIN
std::string float_literal(float f);   // round-trips exactly; NAN / INFINITY from math.h
std::string thousands(int64_t v);     // "2,359,296"
std::string upper_case(std::string s);
// The elements of a constant tensor as initializer values, 16 (bytes) or 8 per line.
std::string initializer(const ir::Tensor& t);
// "  fn(a, b, c);\n" wrapped at 100 columns, arguments aligned after the parenthesis.
std::string call_statement(const std::string& function, const std::vector<std::string>& args);

// A graph input or output as the generated API names it.
struct ModelIo {
  std::string name;  // "input0", "output1"
  size_t index = 0;
  int32_t tensor = -1;
};
std::vector<ModelIo> model_ios(const ir::Graph& graph, bool outputs);

}  // namespace mlonmcu::backends::aot
