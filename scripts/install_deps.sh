#!/usr/bin/env bash
# Installs the Debian packages MLonMCU needs: build tools and libraries, and the cross
# compilers and simulators of the RISC-V and Arm Cortex-M targets (with the C++ library for
# picolibc on Arm, which the tflmi backend needs), and the npm packages pinned in the tree.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libcli11-dev libyaml-cpp-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
  libflatbuffers-dev flatbuffers-compiler libonnx-dev libprotobuf-dev libsqlite3-dev libelf-dev zlib1g-dev
  libarchive-dev libxlsxwriter-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  gcc-arm-none-eabi picolibc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-picolibc
  qemu-system-misc qemu-system-arm valgrind
  chromium nodejs
)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
root="$(cd "$(dirname "$0")/.." && pwd)"

# npm packages pinned by a package-lock.json: npm ci in DIR (extra npm flags after it).
npm_ci() {
  local dir="$1"
  shift
  if ! command -v npm >/dev/null; then
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  echo "install_deps: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error "$@")
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#packages[@]} packages present"
else
  echo "install_deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Chart.js for the HTML report (postprocess visualize).
npm_ci "$root/report_assets"
# onnxruntime-node (it carries its CPU build) is the ONNX tests' oracle; --ignore-scripts skips
# its post-install download of GPU libraries.
[ -d "$root/tests/frontends/onnxruntime/node_modules/onnxruntime-node" ] ||
  npm_ci "$root/tests/frontends/onnxruntime" --ignore-scripts
