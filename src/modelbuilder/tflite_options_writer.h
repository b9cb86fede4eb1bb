// Options tables of the ops added after the first 22, written as TFLite's converter writes them
// (the counterpart of frontends/tflite/tflite_options_more.cc).
#pragma once

#include "ir/graph.h"
#include "tflite_schema_generated.h"

namespace mlonmcu::modelbuilder {

struct OptionsOut {
  tflite::BuiltinOptions type = tflite::BuiltinOptions::NONE;
  flatbuffers::Offset<void> table;
};

// NONE when the op has no options of its own.
OptionsOut write_more_options(flatbuffers::FlatBufferBuilder& fbb, const ir::Operator& op);

}  // namespace mlonmcu::modelbuilder
