#!/usr/bin/env bash
# Configures and builds MLonMCU into build/ (or $BUILD_DIR). MLONMCU_SANITIZE=1 builds with
# ASan+UBSan into build-asan/. Warnings are errors. Arguments name the CMake targets to build
# (default: everything, tests and benchmarks included).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
flags=(-DMLONMCU_WERROR=ON -DMLONMCU_TEST_CACHE_DIR="$PWD/build-test-cache")
if [ "${MLONMCU_SANITIZE:-0}" = 1 ]; then
  build="${BUILD_DIR:-build-asan}"
  flags+=(-DMLONMCU_SANITIZE=ON -DMLONMCU_BENCH=OFF)
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${flags[@]}" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build" -j"$(nproc)" "${targets[@]}"
