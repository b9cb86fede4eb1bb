// Where a run's MLF archive comes from when tvmc does not make it (tvm.source=mlf, or auto
// without a configured tvmc): in this order
//   <backend>.mlf=FILE                         one archive, for sessions of one model
//   <model dir>/<name>                         beside the model
//   <tvm.mlf_dir>/<model>/<name>               a directory of archives (../shared/third_party/tvm_mlf)
// where <name> is one of the variant's archive names (tvm_variants.h: tvmaotplus.tar or
// tvmaot_usmp.tar, ...). The archive is used as tvmc made it, so config keys that change tvmc's
// output must stay at their defaults.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "backends/tvm/tvm_variants.h"
#include "config/config.h"

namespace mlonmcu::backends::tvm {

namespace fs = std::filesystem;

void declare_source_config(config::Registry& registry);

enum class Source { Tvmc, Archive };

// tvm.source: tvmc, mlf, or auto (tvmc when one is configured).
Source source_of(const config::Config& cfg);

// Every path looked at, in order.
std::vector<fs::path> archive_candidates(const Variant& v, const config::Config& cfg, const fs::path& model_file);

// The first candidate that exists; throws Error(Toolchain) naming the places looked at and how
// to get TVM when there is none.
fs::path find_archive(const Variant& v, const config::Config& cfg, const fs::path& model_file);

// For `mlonmcu setup`: whether tvm.mlf_dir holds archives of this variant (and for which models).
Requirement archives_requirement(const Variant& v, const config::Config& cfg);

}  // namespace mlonmcu::backends::tvm
