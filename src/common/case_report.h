// What a program that runs a batch of cases prints, one owner for its lines: per case
// "case K ok N" and then N lines "output J HEX", or "case K error WHAT". Printed by the
// TFLite-Micro runner (backends/tflmi/mcu/tflm_runner.cc) and the differential batch programs
// (difftest/batch_program.cc); read back here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlonmcu {

struct CaseRun {
  bool ok = false;
  std::string error;  // when !ok: WHAT of the error line, or why no usable line came
  std::vector<std::vector<uint8_t>> outputs;
};

// The outcomes of cases 0..count-1 from `output`; a case without a line says "no result from
// <program>", an undecodable output line "garbled output line from <program>".
std::vector<CaseRun> parse_case_report(std::string_view output, size_t count,
                                           std::string_view program);

}  // namespace mlonmcu
