// A run's report rows, assembled from the outputs of its tasks: the run's row, then one row per
// layer with `layer_profile`. Failure, Reason and Incomplete come from the plan.
#pragma once

#include <vector>

#include "report/report.h"
#include "session/engine/plan.h"
#include "session/engine/runner.h"
#include "session/matrix.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

std::vector<report::Report::Row> run_rows(const RunSpec& run, const TaskGraph& graph, const Plan& plan,
                                          const std::vector<TaskReport>& reports, const StageExecutor& outputs);

}  // namespace mlonmcu::session
