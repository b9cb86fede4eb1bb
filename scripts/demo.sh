#!/usr/bin/env bash
# The main job, on a fresh Debian machine: installs the packages, builds MLonMCU, creates the
# environment ~/mlonmcu (or $MLONMCU_HOME) with the project's demo models (plus ../shared/models
# when it exists), and runs a benchmark session with validation on the host and on the simulated
# RISC-V and Cortex-M4 targets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh
# Only what the demo runs (the command line and its QEMU plugin); scripts/test.sh builds the tests.
scripts/build.sh mlonmcu
mlonmcu="$PWD/build/src/mlonmcu"
home="${MLONMCU_HOME:-$HOME/mlonmcu}"

init_args=(--force)
models=(demo demo_convnet_qop demo_convnet_qdq demo_sine_onnx)  # the ONNX ones beside their TFLite twins
if [ -d ../shared/models ]; then
  init_args+=(--models "$(cd ../shared/models && pwd)")
  models+=(aww vww resnet toycar sine_model)
fi
"$mlonmcu" init "$home" "${init_args[@]}"
"$mlonmcu" --home "$home" models
"$mlonmcu" --home "$home" flow run "${models[@]}" -b interp -t host_x86 -t rv32_qemu -t cm4_qemu \
  -f validate --parallel "$(nproc)" --label demo
