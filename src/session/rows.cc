#include "session/rows.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "session/session_graph.h"

namespace mlonmcu::session {

namespace {

using Row = report::Report::Row;

void put_metric(Row& row, const std::string& column, int64_t value) {
  if (value >= 0) row[column] = std::to_string(value);
}

std::string stage_time_column(TaskKind kind) {
  std::string name(task_kind_name(kind));
  std::transform(name.begin() + 1, name.end(), name.begin() + 1, ::tolower);
  return name + " Stage Time [s]";
}

void put_memory(Row& row, const targets::MemoryUsage& m) {
  put_metric(row, "Total ROM", m.total_rom());
  put_metric(row, "ROM code", m.rom_code);
  put_metric(row, "ROM read-only", m.rom_read_only);
  put_metric(row, "ROM misc", m.rom_misc);
  put_metric(row, "RAM data", m.ram_data);
  put_metric(row, "RAM zero-init data", m.ram_zero_init);
  put_metric(row, "RAM heap", m.ram_heap);
  put_metric(row, "Total RAM", m.total_ram());
}

// Columns of the run as a whole that a layer row does not repeat.
constexpr const char* kWholeRunColumns[] = {"Setup Instructions", "Total Instructions", "Total ROM", "ROM code",
                                            "ROM read-only", "ROM misc", "Total RAM", "RAM data",
                                            "RAM zero-init data", "RAM stack", "RAM heap"};

}  // namespace

std::vector<Row> run_rows(const RunSpec& run, const TaskGraph& graph, const Plan& plan,
                          const std::vector<TaskReport>& reports, const StageExecutor& outputs) {
  Row row;
  row["Run"] = std::to_string(run.id);
  row["Model"] = run.model.name;
  row["Frontend"] = run.model.frontend;
  row["Framework"] = "mlonmcu";
  row["Backend"] = run.backend;
  row["Platform"] = "mlif";
  row["Target"] = run.target;
  row["Features"] = fmt::format("{}", fmt::join(run.features, ","));
  row["Config"] = config_column(run);

  for (int t : graph.run_tasks(run.id)) {
    const TaskReport& report = reports[static_cast<size_t>(t)];
    // A run's libraries are shared work of many runs: no stage time of their own in its row.
    if (graph.task(t).kind != TaskKind::Lib && (report.state == TaskState::Done || report.state == TaskState::Failed))
      row[stage_time_column(graph.task(t).kind)] = fmt::format("{:.3f}", report.seconds);
  }
  const BuildOutput* build = outputs.output<BuildOutput>(run_task_of(graph, run.id, TaskKind::Build));
  const CompileOutput* compiled = outputs.output<CompileOutput>(run_task_of(graph, run.id, TaskKind::Compile));
  const RunOutput* ran = outputs.output<RunOutput>(run_task_of(graph, run.id, TaskKind::Run));
  const PostprocessOutput* post = outputs.output<PostprocessOutput>(run_task_of(graph, run.id, TaskKind::Postprocess));
  if (build) {
    row["Workspace Size [B]"] = std::to_string(build->output.workspace_bytes);
    put_metric(row, "Workspace Lower Bound [B]", build->output.workspace_lower_bound);
  }
  if (compiled) put_memory(row, compiled->memory);
  std::vector<Row> layer_rows;
  if (ran) {
    const targets::RunResult& r = ran->result;
    const int64_t n = std::max<int64_t>(ran->inferences, 1);
    if (r.setup_instructions) row["Setup Instructions"] = std::to_string(*r.setup_instructions);
    if (r.run_instructions) row["Run Instructions"] = std::to_string(*r.run_instructions / n);
    if (r.total_instructions) row["Total Instructions"] = std::to_string(*r.total_instructions);
    if (r.total_cycles) row["Total Cycles"] = std::to_string(*r.total_cycles);
    const auto stack = ran->program_stack ? ran->program_stack : r.stack_bytes;
    if (stack && compiled) {
      row["RAM stack"] = std::to_string(*stack);
      targets::MemoryUsage m = compiled->memory;
      m.ram_stack = *stack;
      put_metric(row, "Total RAM", m.total_ram());
    }
    for (size_t i = 0; build && i < r.layer_instructions.size() && i < build->output.layers.size(); ++i) {
      Row layer = row;
      layer["Sub"] = fmt::format("{}:{}", i, build->output.layers[i].op);
      layer["Comment"] = build->output.layers[i].shapes;
      layer["Run Instructions"] = std::to_string(r.layer_instructions[i] / n);
      for (const char* c : kWholeRunColumns) layer.erase(c);
      layer_rows.push_back(std::move(layer));
    }
  }
  if (post)
    for (const auto& [k, v] : post->cells) row[k] = v;

  const RunState state = plan.run_state(run.id);
  row["Failing"] = state == RunState::Failed ? "true" : "false";
  row["Incomplete"] = state == RunState::Incomplete || state == RunState::Pending ? "true" : "false";
  if (const auto& failure = plan.run_failure(run.id)) {
    const int at = plan.run_stop_task(run.id);
    const std::string stage = at >= 0 ? std::string(task_kind_name(graph.task(at).kind)) : "SESSION";
    row["Failure"] = std::string(failure_kind_name(failure->kind));
    row["Reason"] = fmt::format("{}: {}", stage, failure->reason);
  }
  std::vector<Row> rows = {row};
  for (auto& l : layer_rows) {
    for (const char* c : {"Failing", "Failure", "Reason", "Incomplete"})
      if (row.count(c)) l[c] = row[c];
    rows.push_back(std::move(l));
  }
  return rows;
}

}  // namespace mlonmcu::session
