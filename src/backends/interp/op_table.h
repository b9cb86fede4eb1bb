// The opcode table of an interp program: mlonmcu_op_lookup() over exactly the opcodes given, so
// only their kernels are linked (the runtime library's generic table, op_table.c, is for
// in-process use and left out of target builds).
#pragma once

#include <cstdint>
#include <set>
#include <string>

namespace mlonmcu::backends::interp {

// C source defining mlonmcu_op_lookup(); throws Internal for an opcode without eval function.
std::string op_table_source(const std::set<uint32_t>& opcodes);

}  // namespace mlonmcu::backends::interp
