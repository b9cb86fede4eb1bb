// What MLonMCU adds to an MLF's generated code so that the harness drives it (mcu/ has the C side):
// tvm_model_io.h (the model's inputs and outputs for mcu/tvm_aot_model.c or tvm_graph_model.c),
// the graph executor's JSON as a C array, and the harness's layer markers (compiled in for
// `layer_profile`) around each operator call: in the AOT entry point (`__tvm_main__` calls the operators one after
// the other) or, for the graph executor, around each operator registered in the system library
// (the executor calls them in the graph's order).
#pragma once

#include <filesystem>
#include <vector>

#include "backends/backend.h"
#include "backends/tvm/mlf.h"

namespace mlonmcu::backends::tvm {

namespace fs = std::filesystem;

// Writes out_dir/tvm_model_io.h (and for the graph executor tvm_graph_json.c); returns the
// generated sources to compile.
std::vector<fs::path> write_glue(const Mlf& mlf, const fs::path& out_dir);

// Inserts the layer markers around every operator call of the MLF's sources (edited in place)
// and returns the layers in call order; none, and why in `problem`, when the calls are not
// where TVM 0.17 puts them (the run then has no layer rows).
std::vector<LayerInfo> add_layer_markers(const Mlf& mlf, std::string& problem);

// The layers without markers (the operators in call order).
std::vector<LayerInfo> operator_layers(const Mlf& mlf);

}  // namespace mlonmcu::backends::tvm
