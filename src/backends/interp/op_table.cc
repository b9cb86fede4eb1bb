#include "backends/interp/op_table.h"

#include <map>

#include <fmt/format.h>

#include "common/error.h"
#include "mlonmcu/runtime/opcodes.h"

namespace mlonmcu::backends::interp {

namespace {

// Eval function name per opcode, from the runtime's own lists.
const std::map<uint32_t, std::string>& eval_functions() {
  static const std::map<uint32_t, std::string> table = {
#define MLONMCU_OP(code, fn) {code, #fn},
#include "runtime/ops/ops_compute.def"
#include "runtime/ops/ops_shape.def"
#undef MLONMCU_OP
  };
  return table;
}

}  // namespace

std::string op_table_source(const std::set<uint32_t>& opcodes) {
  std::string decls, cases;
  for (uint32_t code : opcodes) {
    // The interpreter core runs control flow itself.
    if (mlonmcu_is_control_opcode(static_cast<int>(code))) continue;
    const auto it = eval_functions().find(code);
    if (it == eval_functions().end())
      throw Error(ErrorKind::Internal, fmt::format("no runtime eval function for opcode {}", code));
    decls += fmt::format("mlonmcu_status_t {}(const mlonmcu_op_ctx_t* ctx);\n", it->second);
    cases += fmt::format("    case {}: return {};\n", code, it->second);
  }
  return decls + "\nmlonmcu_op_eval_fn mlonmcu_op_lookup(int32_t opcode) {\n  switch (opcode) {\n" +
         cases + "    default: return (mlonmcu_op_eval_fn)0;\n  }\n}\n\n";
}

}  // namespace mlonmcu::backends::interp
