#!/usr/bin/env bash
# Builds MLonMCU and runs every test (unit, kernel edge cases, bad input, bit-exactness on the
# real models in ../shared/models when present, simulated targets when their tools are
# installed). MLONMCU_SANITIZE=1 runs the same under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
build="${BUILD_DIR:-build}"
[ "${MLONMCU_SANITIZE:-0}" = 1 ] && build="${BUILD_DIR:-build-asan}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# The sanitizer run leaves out the tests whose work is cross-compiling and simulating (TFLM and
# kernel builds for Cortex-M and rv32, QEMU sessions, the browser): the sanitized host code they
# drive is the same the other tests run, and they would double CI's time.
skip=()
[ "${MLONMCU_SANITIZE:-0}" = 1 ] &&
  skip=(-E '^(TflmiTest\.OutputsEqual|Signals\.EnvironmentsAtPaths|SimulatedTargets\.|ExportTest\.|AotFlow\.|Isas/KernelEquivalence\.|OnnxFlow\.|SessionReports\.|TvmTest\.Archives)')
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "${skip[@]}"
