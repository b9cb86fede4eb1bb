#!/usr/bin/env bash
# Configures and builds MLonMCU into build/ (or $BUILD_DIR). MLONMCU_SANITIZE=1 builds with
# ASan+UBSan into build-asan/. Warnings are errors. Arguments name the CMake targets to build
# (default: everything, tests and benchmarks included).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
# Line tables (-g1) are enough for backtraces and sanitizer reports and compile about a third faster
# than full debug info; the sanitizer build uses -O1 (as ASan recommends), which halves its compile
# time against -O2. Configure build dirs of your own for a debugger.
opt="-O2"
flags=(-DMLONMCU_WERROR=ON -DMLONMCU_TEST_CACHE_DIR="$PWD/build-test-cache")
if [ "${MLONMCU_SANITIZE:-0}" = 1 ]; then
  build="${BUILD_DIR:-build-asan}"
  opt="-O1"
  flags+=(-DMLONMCU_SANITIZE=ON -DMLONMCU_BENCH=OFF)
fi
flags+=(-DCMAKE_C_FLAGS_RELWITHDEBINFO="$opt -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$opt -g1 -DNDEBUG")
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${flags[@]}" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build" -j"$(nproc)" "${targets[@]}"
