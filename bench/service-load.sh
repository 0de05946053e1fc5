#!/usr/bin/env bash
# Load on loopback (issue 16): 200 jobs from 4 operator organizations submitted at once over HTTP to a real Kestrel
# host with 2 inprocess workers, beside the same kind of job run one by one through the CLI in the same run.
# Prints throughput (jobs/s) and p50/p95 latency of both, the median wait per organization and the host's peak
# working set. Bounded: 200 + 40 jobs, at most a few minutes. The assertions (none lost or run twice, median waits
# within 2x, memory bounded) are those of tests/Sandbox.Host.Tests/Service/ServeLoadTests.cs, which this runs.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
SANDBOX_BENCH_OUT="$out" dotnet test tests/Sandbox.Host.Tests -c Release \
  --filter "FullyQualifiedName~Sandbox.Host.Tests.Service.ServeLoadTests" --logger "console;verbosity=minimal" >&2
cat "$out"
