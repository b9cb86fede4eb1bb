#include "session/rows.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ir/macs.h"
#include "session/session_graph.h"

namespace mlonmcu::session {

namespace {

using Row = report::Report::Row;
namespace col = report::col;

void put_metric(Row& row, const std::string& column, int64_t value) {
  if (value >= 0) row[column] = std::to_string(value);
}

const char* stage_time_column(TaskKind kind) {
  switch (kind) {
    case TaskKind::Load: return col::kLoadTime;
    case TaskKind::Build: return col::kBuildTime;
    case TaskKind::Compile: return col::kCompileTime;
    case TaskKind::Run: return col::kRunTime;
    case TaskKind::Postprocess: return col::kPostprocessTime;
    case TaskKind::Lib: break;
  }
  return nullptr;
}

void put_memory(Row& row, const targets::MemoryUsage& m) {
  put_metric(row, col::kTotalRom, m.total_rom());
  put_metric(row, col::kRomCode, m.rom_code);
  put_metric(row, col::kRomReadOnly, m.rom_read_only);
  put_metric(row, col::kRomMisc, m.rom_misc);
  put_metric(row, col::kRamData, m.ram_data);
  put_metric(row, col::kRamZeroInit, m.ram_zero_init);
  put_metric(row, col::kRamHeap, m.ram_heap);
  put_metric(row, col::kTotalRam, m.total_ram());
}

// Run Instructions / MAC, when both are known.
void put_per_mac(Row& row, int64_t macs) {
  const auto run = report::parse_integer_cell(report::cell(row, col::kRunInstructions));
  if (run && macs > 0) row[col::kRunInstructionsPerMac] = fmt::format("{:.3f}", static_cast<double>(*run) / static_cast<double>(macs));
}

}  // namespace

std::vector<Row> run_rows(const RunSpec& run, const TaskGraph& graph, const Plan& plan,
                          const std::vector<TaskReport>& reports, const StageExecutor& outputs) {
  Row row;
  row[col::kRun] = std::to_string(run.id);
  row[col::kModel] = run.model.name;
  row[col::kFrontend] = run.model.frontend;
  row[col::kFramework] = run.framework;
  row[col::kBackend] = run.backend;
  row[col::kPlatform] = "mlif";
  row[col::kTarget] = run.target;
  row[col::kFeatures] = fmt::format("{}", fmt::join(run.features, ","));
  row[col::kConfig] = config_column(run);
  if (const auto target = outputs.components().target(run.target)) {
    const targets::Target::ToolVersions tools = target->tool_versions(run.config);
    row[col::kCompiler] = tools.compiler;
    row[col::kSimulator] = tools.simulator;
  }

  for (int t : graph.run_tasks(run.id)) {
    const TaskReport& report = reports[static_cast<size_t>(t)];
    // A run's libraries are shared work of many runs: no stage time of their own in its row.
    const char* column = stage_time_column(graph.task(t).kind);
    if (column && (report.state == TaskState::Done || report.state == TaskState::Failed))
      row[column] = fmt::format("{:.3f}", report.seconds);
  }
  const BuildOutput* build = outputs.output<BuildOutput>(run_task_of(graph, run.id, TaskKind::Build));
  const CompileOutput* compiled = outputs.output<CompileOutput>(run_task_of(graph, run.id, TaskKind::Compile));
  const RunOutput* ran = outputs.output<RunOutput>(run_task_of(graph, run.id, TaskKind::Run));
  const PostprocessOutput* post = outputs.output<PostprocessOutput>(run_task_of(graph, run.id, TaskKind::Postprocess));
  const LoadOutput* load = outputs.output<LoadOutput>(run_task_of(graph, run.id, TaskKind::Load));
  const int64_t macs = load && load->model ? ir::count_macs(load->model->graph) : -1;
  if (macs > 0) row[col::kMacs] = std::to_string(macs);
  if (build) {
    row[col::kWorkspace] = std::to_string(build->output.workspace_bytes);
    put_metric(row, col::kWorkspaceLowerBound, build->output.workspace_lower_bound);
  }
  if (compiled) put_memory(row, compiled->memory);
  std::vector<Row> layer_rows;
  if (ran) {
    const targets::RunResult& r = ran->result;
    const int64_t n = std::max<int64_t>(ran->inferences, 1);
    if (r.setup_instructions) row[col::kSetupInstructions] = std::to_string(*r.setup_instructions);
    if (r.run_instructions) row[col::kRunInstructions] = std::to_string(*r.run_instructions / n);
    if (r.total_instructions) row[col::kTotalInstructions] = std::to_string(*r.total_instructions);
    if (r.total_cycles) row[col::kTotalCycles] = std::to_string(*r.total_cycles);
    put_per_mac(row, macs);
    const auto stack = ran->program_stack ? ran->program_stack : r.stack_bytes;
    if (stack && compiled) {
      row[col::kRamStack] = std::to_string(*stack);
      targets::MemoryUsage m = compiled->memory;
      m.ram_stack = *stack;
      put_metric(row, col::kTotalRam, m.total_ram());
    }
    for (size_t i = 0; build && i < r.layer_instructions.size() && i < build->output.layers.size(); ++i) {
      const auto& info = build->output.layers[i];
      Row layer = row;
      layer[col::kSub] = fmt::format("{}:{}", i, info.op);
      layer[col::kComment] = info.shapes;
      layer[col::kRunInstructions] = std::to_string(r.layer_instructions[i] / n);
      layer.erase(col::kMacs);
      layer.erase(col::kRunInstructionsPerMac);
      if (info.macs > 0) layer[col::kMacs] = std::to_string(info.macs);
      put_per_mac(layer, info.macs);
      for (const report::Column& c : report::session_columns())
        if (c.has(report::kWholeRun)) layer.erase(c.name);
      layer_rows.push_back(std::move(layer));
    }
  }
  if (post)
    for (const auto& [k, v] : post->cells) row[k] = v;

  const RunState state = plan.run_state(run.id);
  row[col::kFailing] = state == RunState::Failed ? "true" : "false";
  row[col::kIncomplete] = state == RunState::Incomplete || state == RunState::Pending ? "true" : "false";
  if (const auto& failure = plan.run_failure(run.id)) {
    const int at = plan.run_stop_task(run.id);
    const std::string stage = at >= 0 ? std::string(task_kind_name(graph.task(at).kind)) : "SESSION";
    row[col::kFailure] = std::string(failure_kind_name(failure->kind));
    row[col::kReason] = fmt::format("{}: {}", stage, failure->reason);
  }
  std::vector<Row> rows = {row};
  for (auto& l : layer_rows) {
    for (const char* c : {col::kFailing, col::kFailure, col::kReason, col::kIncomplete})
      if (row.count(c)) l[c] = row[c];
    rows.push_back(std::move(l));
  }
  return rows;
}

}  // namespace mlonmcu::session
