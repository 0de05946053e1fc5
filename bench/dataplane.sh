#!/usr/bin/env bash
# The data plane, whole process: `sandbox job run` (inprocess) against bare DuckDB running the same query on the same
# masked data (the grant's materialized database), paired run by run; and the first use (masking once) beside it.
# Usage: bench/dataplane.sh [ROWS] [RUNS]   (defaults 1000000 and 5; the data is generated, never committed)
set -euo pipefail
ROWS="${1:-1000000}"; RUNS="${2:-5}"
cd "$(dirname "$0")/.."
dotnet build -c Release src/Sandbox.Host -v q --nologo >/dev/null
dotnet build -c Release bench/Sandbox.Bench -v q --nologo >/dev/null
SANDBOX=(dotnet src/Sandbox.Host/bin/Release/net10.0/sandbox.dll)
BARE=(dotnet bench/Sandbox.Bench/bin/Release/net10.0/Sandbox.Bench.dll bare)
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
H="$WORK/home"
"${SANDBOX[@]}" demo --home "$H" >/dev/null
python3 bench/residents.py "$ROWS" "$WORK/residents.csv"
"${SANDBOX[@]}" --home "$H" --as bureau-officer dataset import "$WORK/residents.csv" --name residents --provider 市公安局 --subject resident_id >/dev/null
SQL="select district, gender, count(*) as n from residents group by district, gender"
printf 'grant: nj-credit-2026\nkind: sql\nqueries:\n  q: %s\nlimits: { timeout: 10m, memory: 2GiB }\n' "$SQL" > "$WORK/job.yaml"
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
first=$(ms "${SANDBOX[@]}" --home "$H" --as zijin-analyst job run "$WORK/job.yaml")
DB="$(ls "$H"/materialized/nj-credit-2026/db.*.duckdb)"
: > "$WORK/a"; : > "$WORK/b"
for _ in $(seq "$RUNS"); do
  ms "${SANDBOX[@]}" --home "$H" --as zijin-analyst job run "$WORK/job.yaml" >> "$WORK/a"
  ms "${BARE[@]}" "$DB" "$SQL" >> "$WORK/b"
done
a=$(median < "$WORK/a"); b=$(median < "$WORK/b")
echo "rows $ROWS: first use (masks once) ${first} ms; job run ${a} ms vs bare DuckDB ${b} ms on the same masked data: $(awk "BEGIN {printf \"%.2f\", $a / $b}")x (medians of $RUNS, paired)"
