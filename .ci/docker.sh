#!/bin/sh
# Brings up the Docker engine and the job images for the container tests. Idempotent and fast when all is there:
# installs docker.io + debootstrap only if missing, starts dockerd only if no engine answers, and
# `sandbox image build` skips images whose recipe label already matches (seconds, no publish, no debootstrap).
set -eu
cd "$(dirname "$0")/.."
SOCK=/var/run/docker.sock

if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  echo "docker.sh: installing docker.io and debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
fi

if ! docker version >/dev/null 2>&1; then
  echo "docker.sh: starting dockerd (no bridge, no iptables: job containers have no network anyway)"
  nohup dockerd --iptables=false --bridge=none >/var/log/dockerd.log 2>&1 &
  i=0
  until [ -S "$SOCK" ] && docker version >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 60 ]; then echo "docker.sh: no engine at unix://$SOCK after 30 s; see /var/log/dockerd.log" >&2; exit 1; fi
    sleep 0.5
  done
fi
echo "docker.sh: engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# The images: built with debootstrap from Debian's packages, imported through the engine API, IDs recorded.
HOME_DIR="${SANDBOX_CI_HOME:-/tmp/sandbox-ci-images}"
dotnet build src/Sandbox.Host -v q --nologo
SANDBOX="dotnet src/Sandbox.Host/bin/Debug/net10.0/sandbox.dll"
$SANDBOX init --home "$HOME_DIR" >/dev/null
$SANDBOX image build --home "$HOME_DIR"
