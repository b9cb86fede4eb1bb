#include "session/run.h"

#include <algorithm>
#include <chrono>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/backend.h"
#include "common/error.h"
#include "platform/mlif/mlif.h"
#include "session/validate.h"
#include "targets/target.h"

namespace mlonmcu::session {

namespace fs = std::filesystem;

bool RunSpec::has(const std::string& feature) const {
  return std::find(features.begin(), features.end(), feature) != features.end();
}

namespace {

using Clock = std::chrono::steady_clock;

std::string stage_time_column(Stage stage) {
  std::string name = stage_name(stage);
  std::transform(name.begin() + 1, name.end(), name.begin() + 1, ::tolower);
  return name + " Stage Time [s]";
}

void put_metric(report::Report::Row& row, const std::string& column, int64_t value) {
  if (value >= 0) row[column] = std::to_string(value);
}

std::string config_text(const config::Config& cfg) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : cfg.non_default()) parts.push_back(k + "=" + v);
  return fmt::format("{}", fmt::join(parts, " "));
}

// Inputs the program runs on: every golden sample with `validate` (or validate.samples of
// them), otherwise the first one.
std::vector<std::vector<models::Bytes>> program_inputs(const RunSpec& spec, const LoadedModel& model) {
  const auto& all = model.golden.inputs;
  size_t n = 1;
  if (spec.has("validate")) {
    const int64_t limit = spec.config.get_int("validate.samples");
    n = limit > 0 ? std::min<size_t>(all.size(), static_cast<size_t>(limit)) : all.size();
  }
  return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(n, all.size()))};
}

// What BUILD sees: the run's config with the kernel choice of `refkernels` and the target's
// instruction set (kernels.isa=auto) filled in, so weights are laid out for the core they run on.
config::Config build_config(const RunSpec& spec, const targets::Target& target) {
  config::Config cfg = spec.config;
  if (spec.has("refkernels")) cfg.set("kernels.variant", "reference");
  if (cfg.get_string("kernels.isa") == "auto") cfg.set("kernels.isa", target.kernel_isa(spec.config));
  return cfg;
}

}  // namespace

RunOutcome execute_run(const RunSpec& spec, SharedWork& shared, const std::atomic<bool>& stop) {
  RunOutcome outcome;
  report::Report::Row row;
  row["Run"] = std::to_string(spec.id);
  row["Model"] = spec.model.name;
  row["Frontend"] = spec.model.frontend;
  row["Framework"] = "mlonmcu";
  row["Backend"] = spec.backend;
  row["Platform"] = "mlif";
  row["Target"] = spec.target;
  row["Features"] = fmt::format("{}", fmt::join(spec.features, ","));
  row["Config"] = config_text(spec.config);
  std::vector<report::Report::Row> layer_rows;

  const auto run_start = Clock::now();
  Stage stage = Stage::Load;
  auto timed = [&](Stage s, auto&& body) {
    stage = s;
    outcome.reached = s;
    const auto t0 = Clock::now();
    body();
    row[stage_time_column(s)] =
        fmt::format("{:.3f}", std::chrono::duration<double>(Clock::now() - t0).count());
  };
  auto should_stop = [&](Stage next) {
    if (stop.load()) {
      outcome.incomplete = true;
      return true;
    }
    return spec.until < next;
  };

  auto pipeline = [&] {
    fs::create_directories(spec.dir);
    std::shared_ptr<const LoadedModel> model;
    std::unique_ptr<backends::Backend> backend = backends::make_backend(spec.backend);
    std::unique_ptr<targets::Target> target = targets::make_target(spec.target);

    backends::BuildContext context{build_config(spec, *target), spec.features, spec.target, spec.model.model_file, spec.cache_dir};
    timed(Stage::Load, [&] {
      model = shared.model(spec.model);
      backend->check(model->graph, context);
    });
    if (should_stop(Stage::Build)) return;

    backends::BackendOutput built;
    timed(Stage::Build, [&] {
      built = backend->build(model->graph, context, spec.dir / "build");
      row["Workspace Size [B]"] = std::to_string(built.workspace_bytes);
      put_metric(row, "Workspace Lower Bound [B]", built.workspace_lower_bound);
    });
    if (should_stop(Stage::Compile)) return;

    const auto inputs = program_inputs(spec, *model);
    platform::ProgramOptions program;
    program.repeat = spec.has("benchmark") ? static_cast<int>(spec.config.get_int("benchmark.num")) : 1;
    program.layer_markers = spec.has("layer_profile");
    program.stack_paint = spec.target != "host_x86";
    targets::CompileResult compiled;
    timed(Stage::Compile, [&] {
      targets::CompileRequest req = platform::prepare_program(
          built, inputs, model->graph.outputs.size(), program, spec.dir / "compile");
      req.cache_dir = spec.cache_dir;
      compiled = target->compile(req, spec.config);
      const auto& m = compiled.memory;
      put_metric(row, "Total ROM", m.total_rom());
      put_metric(row, "ROM code", m.rom_code);
      put_metric(row, "ROM read-only", m.rom_read_only);
      put_metric(row, "ROM misc", m.rom_misc);
      put_metric(row, "RAM data", m.ram_data);
      put_metric(row, "RAM zero-init data", m.ram_zero_init);
      put_metric(row, "RAM heap", m.ram_heap);
      put_metric(row, "Total RAM", m.total_ram());
    });
    if (should_stop(Stage::Run)) return;

    targets::RunResult ran;
    platform::ProgramOutput out;
    timed(Stage::Run, [&] {
      targets::RunRequest req;
      req.elf = compiled.elf;
      req.work_dir = spec.dir / "run";
      req.count_layers = program.layer_markers;
      req.num_layers = static_cast<int32_t>(built.layers.size());
      fs::create_directories(req.work_dir);
      ran = target->run(req, spec.config);
      std::ofstream(req.work_dir / "stdout.txt") << ran.output;
      out = platform::parse_program_output(ran.output, inputs.size(), model->graph.outputs.size(),
                                           spec.target);
      const int64_t n = std::max<int64_t>(out.inferences, 1);
      if (ran.setup_instructions) row["Setup Instructions"] = std::to_string(*ran.setup_instructions);
      if (ran.run_instructions) row["Run Instructions"] = std::to_string(*ran.run_instructions / n);
      if (ran.total_instructions) row["Total Instructions"] = std::to_string(*ran.total_instructions);
      if (ran.total_cycles) row["Total Cycles"] = std::to_string(*ran.total_cycles);
      const auto stack = out.stack_bytes ? out.stack_bytes : ran.stack_bytes;
      if (stack) {
        row["RAM stack"] = std::to_string(*stack);
        targets::MemoryUsage m = compiled.memory;
        m.ram_stack = *stack;
        put_metric(row, "Total RAM", m.total_ram());
      }
      for (size_t i = 0; i < ran.layer_instructions.size() && i < built.layers.size(); ++i) {
        report::Report::Row layer = row;
        layer["Sub"] = fmt::format("{}:{}", i, built.layers[i].op);
        layer["Comment"] = built.layers[i].shapes;
        layer["Run Instructions"] = std::to_string(ran.layer_instructions[i] / n);
        for (const char* c : {"Setup Instructions", "Total Instructions", "Total ROM", "ROM code",
                              "ROM read-only", "ROM misc", "Total RAM", "RAM data",
                              "RAM zero-init data", "RAM stack", "RAM heap"})
          layer.erase(c);
        layer_rows.push_back(std::move(layer));
      }
    });
    if (should_stop(Stage::Postprocess)) return;

    timed(Stage::Postprocess, [&] {
      if (!spec.has("validate")) return;
      Tolerance tol{spec.config.get_float("validate.atol"), spec.config.get_float("validate.rtol")};
      if (!model->has_golden_inputs)
        throw Error(ErrorKind::Data, "validate: the model has no golden data");
      const ValidationResult v = validate_outputs(model->graph, model->golden, out.outputs, tol);
      row["Validation"] = v.passed ? "true" : "false";
      if (v.max_diff) row["Validation Max Diff"] = fmt::format("{:g}", *v.max_diff);
      if (v.top1_agrees) row["Validation Top-1"] = *v.top1_agrees ? "true" : "false";
      if (v.reference_max_diff) row["Validation Ref Max Diff"] = fmt::format("{:g}", *v.reference_max_diff);
      std::ofstream(spec.dir / "validation.txt") << v.summary << "\n";
      if (!v.passed) throw Error(ErrorKind::Validation, "validate: " + v.summary);
    });
    outcome.reached = Stage::Done;
  };
  try {
    pipeline();
  } catch (const std::exception& e) {
    if (stop.load()) {
      // Ctrl-C killed this stage's processes: the run is unfinished, not broken.
      outcome.incomplete = true;
      row["Reason"] = fmt::format("{}: interrupted", stage_name(stage));
    } else {
      outcome.failed = true;
      const auto* error = dynamic_cast<const Error*>(&e);
      row["Reason"] = fmt::format("{}: {}{}", stage_name(stage), error ? "" : "internal error: ", e.what());
    }
  }
  outcome.seconds = std::chrono::duration<double>(Clock::now() - run_start).count();
  row["Failing"] = outcome.failed ? "true" : "false";
  row["Incomplete"] = outcome.incomplete ? "true" : "false";
  outcome.rows.push_back(row);
  for (auto& l : layer_rows) {
    l["Failing"] = row["Failing"];
    l["Incomplete"] = row["Incomplete"];
    outcome.rows.push_back(std::move(l));
  }
  return outcome;
}

}  // namespace mlonmcu::session
