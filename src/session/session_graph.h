// Turns a session's runs into a task graph in which equal work is one task:
//   LOAD        per model file + frontend config
//   BUILD       per LOAD + backend + backend config          (shared by every target)
//   COMPILE     per BUILD + target + target config + program options
//   RUN         per COMPILE + run options
//   POSTPROCESS per run
// `until` cuts the runs short (`flow load|build|compile`).
#pragma once

#include <vector>

#include "session/engine/graph.h"
#include "session/matrix.h"

namespace mlonmcu::session {

enum class Stage { Load, Build, Compile, Run, Postprocess };

TaskGraph build_task_graph(const std::vector<RunSpec>& runs, Stage until);

// The run's task of one kind, or -1 (past `until`).
int run_task_of(const TaskGraph& graph, int run, TaskKind kind);

}  // namespace mlonmcu::session
