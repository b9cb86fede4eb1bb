#!/usr/bin/env bash
# Installs the Debian packages MLonMCU needs: build tools and libraries, and the cross
# compilers and simulators of the RISC-V and Arm Cortex-M targets (with the C++ library for
# picolibc on Arm, which the tflmi backend needs).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libcli11-dev libyaml-cpp-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
  libflatbuffers-dev flatbuffers-compiler libonnx-dev libprotobuf-dev libsqlite3-dev libelf-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  gcc-arm-none-eabi picolibc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-picolibc
  qemu-system-misc qemu-system-arm valgrind
  nodejs
)

# onnxruntime from npm (onnxruntime-node carries its CPU build) is the ONNX tests' oracle;
# --ignore-scripts skips its post-install download of GPU libraries.
install_oracle() {
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/frontends/onnxruntime"
  [ -d "$dir/node_modules/onnxruntime-node" ] && return 0
  # Debian's npm package (a nodejs from elsewhere may bring its own npm).
  if ! command -v npm >/dev/null; then
    $sudo apt-get install -y -qq --no-install-recommends npm
  fi
  echo "install_deps: npm ci in $dir"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
}

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#packages[@]} packages present"
  install_oracle
  exit 0
fi
echo "install_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_oracle
