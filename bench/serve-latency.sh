#!/usr/bin/env bash
# A warm host (issue 15): 200 small jobs (after 20 untimed; SANDBOX_BENCH_WARMUP=N for more) sent over loopback to
# `sandbox serve` as deployed (the native image: bench/publish.sh), in a process of its
# own on a test home, 4 in flight from 2 operator organizations, each POST /v1/jobs?wait=true timed by its client;
# the host's own processor time per job; beside it, the floor of the same run (the same query on the same
# materialized data in a DuckDB already open). The checks are those of
# tests/Sandbox.Host.Tests/Service/ServeLatencyTests.cs, which this runs in Release with SANDBOX_BENCH_HOST set.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
source bench/publish.sh
SANDBOX_BENCH_HOST="$WORK/sandbox/sandbox" SANDBOX_BENCH_OUT="$WORK/out" dotnet test tests/Sandbox.Host.Tests -c Release \
  --filter "FullyQualifiedName~Sandbox.Host.Tests.Service.ServeLatencyTests" --logger "console;verbosity=minimal" >&2
cat "$WORK/out"
