#!/usr/bin/env bash
# Dummy data (issue 18), whole process, each figure beside its baseline in the same run, paired run by run:
#  - `sandbox dummy GRANT --out DIR` (profile of the grant's masked tables inside the host, then seeded generation and
#    Parquet) against bare DuckDB copying as many rows as the dummy residents table gets (ROWS, at most 100,000) of
#    the grant's masked residents table to Parquet (the floor of writing a table of that shape; the profile reads all);
#  - (ROWS ≤ 100,000, so both tables are the same size) `sandbox job run --dummy DIR job.yaml` (no home: decision from dummy.json, tables loaded into a locked in-memory
#    DuckDB, outputs and evidence) against `sandbox job run job.yaml` on the grant (materialized already), same file.
# Usage: bench/dummy.sh [ROWS] [RUNS]   (defaults 100000 and 5; dummy tables hold at most 100,000 rows)
set -euo pipefail
ROWS="${1:-100000}"; RUNS="${2:-5}"
cd "$(dirname "$0")/.."
# shellcheck source=bench/city.sh
source bench/city.sh
"${SANDBOX[@]}" --home "$H" --as bureau-officer grant prepare $G >/dev/null
MASKED="$(ls -t "$H"/materialized/$G/residents.*.parquet | head -1)"
CAP=$(( ROWS < 100000 ? ROWS : 100000 ))
SQL="select district, gender, count(*) as n from residents group by district, gender"
printf 'grant: %s\nkind: sql\nqueries:\n  q: %s\nlimits: { timeout: 10m, memory: 2GiB }\n' "$G" "$SQL" > "$WORK/job.yaml"

run() { local file="$1" s e; shift; s=$(date +%s%N); /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null; e=$(date +%s%N); echo "$(( (e - s) / 1000000 )) $(cat "$WORK/rss")" >> "$file"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$1" | median; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }

: > "$WORK/gen"; : > "$WORK/copy"
for i in $(seq "$RUNS"); do
  run "$WORK/gen" "${SANDBOX[@]}" --home "$H" --as zijin-analyst dummy $G --out "$WORK/dummy-$i"
  run "$WORK/copy" "${BARE[@]}" :memory: "COPY (SELECT * FROM read_parquet('$MASKED') LIMIT $CAP) TO '$WORK/copy-$i.parquet' (FORMAT parquet)"
done
g=$(col "$WORK/gen" 1); c=$(col "$WORK/copy" 1)
echo "rows $ROWS: sandbox dummy (profile of both granted tables, generation, Parquet) ${g} ms vs DuckDB copying $CAP masked rows to Parquet ${c} ms: $(ratio "$g" "$c")x"
[ "$ROWS" -le 100000 ] || exit 0

: > "$WORK/a"; : > "$WORK/b"
for _ in $(seq "$RUNS"); do
  run "$WORK/a" "${SANDBOX[@]}" job run --dummy "$WORK/dummy-1" "$WORK/job.yaml" --out "$WORK/out-$RANDOM$RANDOM"
  run "$WORK/b" "${SANDBOX[@]}" --home "$H" --as zijin-analyst job run "$WORK/job.yaml" --wait
done
a=$(col "$WORK/a" 1); b=$(col "$WORK/b" 1); am=$(col "$WORK/a" 2); bm=$(col "$WORK/b" 2)
echo "rows $ROWS: job run --dummy ${a} ms vs job run on the grant ${b} ms, same job file: $(ratio "$a" "$b")x; peak memory $((am / 1024)) MiB vs $((bm / 1024)) MiB: $(ratio "$am" "$bm")x (medians of $RUNS, paired, whole process)"
