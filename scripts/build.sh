#!/usr/bin/env bash
# Configures and builds MLonMCU into build/ (or $BUILD_DIR). MLONMCU_SANITIZE=1 builds with
# ASan+UBSan into build-asan/. Warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
flags=(-DMLONMCU_WERROR=ON)
if [ "${MLONMCU_SANITIZE:-0}" = 1 ]; then
  build="${BUILD_DIR:-build-asan}"
  flags+=(-DMLONMCU_SANITIZE=ON -DMLONMCU_BENCH=OFF)
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${flags[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"
