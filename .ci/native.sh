#!/usr/bin/env bash
# Publishes the host's native image (Native AOT, the deployed form: bench/publish.sh) for tests/Sandbox.Host.Tests/Native, which
# CI then runs and never skips. The final link needs a C toolchain: clang, installed from Debian's packages if missing.
# Prints the image's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang >/dev/null 2>&1; then
  echo "native.sh: installing clang (the native image's linker driver)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null
fi
WORK="${SANDBOX_NATIVE_OUT:-/tmp/sandbox-native}"
mkdir -p "$WORK"
# shellcheck source=bench/publish.sh
source bench/publish.sh
echo "$WORK/sandbox/sandbox"
