// Conversion of a TFLite operator's builtin options table into the IR's typed options, with
// every enum and size checked (hostile files may carry any value).
#pragma once

#include <functional>
#include <string>

#include "ir/graph.h"
#include "tflite_schema_generated.h"

namespace mlonmcu::tflite_format {

// Reports a problem with the operator; must throw.
using OptionsFail = std::function<void(const std::string& problem)>;

// Options for a known op type. A missing options table yields the schema's defaults, except for
// ops whose defaults are meaningless (strides/filter sizes of 0): those fail.
ir::Options read_options(ir::OpType type, const tflite::Operator& op, const OptionsFail& fail);
// The same for the ops of tflite_options_more.cc (read_options hands them on).
ir::Options read_more_options(ir::OpType type, const tflite::Operator& op, const OptionsFail& fail);

}  // namespace mlonmcu::tflite_format
