#include "backends/support.h"

#include "backends/backend.h"
#include "common/error.h"

namespace mlonmcu::backends {

std::vector<BackendSupport> backend_support(const ir::Graph& graph, const std::filesystem::path& model_file,
                                            const config::Config& cfg) {
  std::vector<BackendSupport> out;
  for (const std::string& name : backend_names()) {
    BackendSupport s{name, BackendSupport::State::Yes, ""};
    try {
      BuildContext ctx{cfg, {}, "host_x86", model_file, {}};
      make_backend(name)->check(graph, ctx);
    } catch (const Error& e) {
      // Checks look at the model first, then for their frameworks: a Toolchain or Config error
      // means the model itself would do.
      const bool setup = e.kind() == ErrorKind::Toolchain || e.kind() == ErrorKind::Config;
      s.state = setup ? BackendSupport::State::Missing : BackendSupport::State::No;
      s.detail = e.what();
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace mlonmcu::backends
