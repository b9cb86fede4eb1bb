// The factories registry.cc lists, one per file of this folder.
#pragma once

#include <memory>

#include "report/postprocess/postprocess.h"

namespace mlonmcu::report {

std::unique_ptr<Postprocess> make_filter_cols();
std::unique_ptr<Postprocess> make_rename_cols();
std::unique_ptr<Postprocess> make_compare_rows();
std::unique_ptr<Postprocess> make_features2cols();
std::unique_ptr<Postprocess> make_config2cols();
std::unique_ptr<Postprocess> make_bytes2kb();
std::unique_ptr<Postprocess> make_visualize();
std::unique_ptr<Postprocess> make_export_outputs();

}  // namespace mlonmcu::report
