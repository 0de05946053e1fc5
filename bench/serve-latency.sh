#!/usr/bin/env bash
# A warm host (issue 15): 200 small jobs (after 20 untimed) through a real Kestrel host on loopback, 4 in flight from 2 operator
# organizations, each POST /v1/jobs?wait=true timed by its client; beside it, the floor of the same run (the same
# query on the same materialized data in a DuckDB already open). The checks are those of
# tests/Sandbox.Host.Tests/Service/ServeLatencyTests.cs, which this runs in Release.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
SANDBOX_BENCH_OUT="$out" dotnet test tests/Sandbox.Host.Tests -c Release \
  --filter "FullyQualifiedName~Sandbox.Host.Tests.Service.ServeLatencyTests" --logger "console;verbosity=minimal" >&2
cat "$out"
