#!/usr/bin/env bash
# The data plane, whole process, each figure beside its baseline in the same run:
#  - a job once the materialization exists: `sandbox job run` (inprocess) against bare DuckDB running the same query
#    on the same masked data (the grant's materialized Parquet file, which the job reads in place), paired run by run;
#    wall time and peak memory;
#  - the same job through a warm host (`sandbox serve`, `job run --server`), paired with bare DuckDB the same way;
#  - the first use (`grant prepare`: opening the sealed raw file, masking once into the Parquet file every job reads),
#    time and peak memory (which should not grow with ROWS: compare two sizes), against DuckDB's own `COPY (SELECT <the
#    same masking in SQL>) TO parquet` of the same data as plain Parquet (unkeyed sha256 for the keyed token, the year
#    of the birth date), paired run by run;
#  - with the runtime build (composite ReadyToRun, bench/publish-runtime.sh; SANDBOX_BENCH_RUNTIME=0 leaves it out):
#    the same job and the same first use run by it, in the same pairs, beside the deployed native image's.
# Usage: bench/dataplane.sh [ROWS] [RUNS]   (defaults 1000000 and 5; the data is generated, never committed)
set -euo pipefail
ROWS="${1:-1000000}"; RUNS="${2:-5}"
cd "$(dirname "$0")/.."
# shellcheck source=bench/city.sh
source bench/city.sh
RUNTIME=()
if [ "${SANDBOX_BENCH_RUNTIME:-1}" = 1 ]; then
  # shellcheck source=bench/publish-runtime.sh
  source bench/publish-runtime.sh
  RUNTIME=("$WORK/runtime/sandbox")
fi
# The home keeps raw files sealed (AES-GCM): the baseline reads the same data as plain Parquet, written here by DuckDB.
RAW="$WORK/raw.parquet"
"${BARE[@]}" :memory: "COPY (SELECT * FROM read_csv('$WORK/residents.csv', all_varchar = true)) TO '$RAW' (FORMAT parquet, COMPRESSION zstd)"
SQL="select district, gender, count(*) as n from residents group by district, gender"
# Bare DuckDB's the same query on the same file, read in place as the job reads it (set once it exists).
bare_sql() { echo "select district, gender, count(*) as n from read_parquet('$1') group by district, gender"; }
# The job gets the machine's cores, as the bare DuckDB process does (its default); a job's own default is one.
printf 'grant: %s\nkind: sql\nqueries:\n  q: %s\nlimits: { timeout: 10m, memory: 2GiB, cpus: %s }\n' "$G" "$SQL" "$(nproc)" > "$WORK/job.yaml"

# One run: wall milliseconds and peak resident KiB (GNU time), appended to FILE as "ms kib".
run() { local file="$1" s e; shift; s=$(date +%s%N); /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null; e=$(date +%s%N); echo "$(( (e - s) / 1000000 )) $(cat "$WORK/rss")" >> "$file"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$1" | median; }
ratio() { awk "BEGIN {printf \"%.2f\", $1 / $2}"; }

# First use, paired with the engine's own COPY of the same masked expression; the materialization is dropped before each.
COPY="COPY (SELECT 'tk_' || left(sha256(resident_id), 20) AS resident_id, district, left(birth_date, 4) AS birth_date, gender FROM read_parquet('$RAW')) TO '$WORK/copy.parquet' (FORMAT parquet)"
: > "$WORK/first"; : > "$WORK/copy"; : > "$WORK/rfirst"
for _ in $(seq "$RUNS"); do
  if [ ${#RUNTIME[@]} -gt 0 ]; then
    rm -f "$H"/materialized/$G/residents.*
    run "$WORK/rfirst" "${RUNTIME[@]}" --home "$H" --as bureau-officer grant prepare $G
  fi
  rm -f "$H"/materialized/$G/residents.*
  run "$WORK/first" "${SANDBOX[@]}" --home "$H" --as bureau-officer grant prepare $G
  run "$WORK/copy" "${BARE[@]}" :memory: "$COPY"
done
f=$(col "$WORK/first" 1); c=$(col "$WORK/copy" 1); fm=$(col "$WORK/first" 2); cm=$(col "$WORK/copy" 2)
echo "rows $ROWS: first use (grant prepare: masks once into the Parquet file every job reads in place) ${f} ms vs DuckDB COPY of the same masking to Parquet ${c} ms: $(ratio "$f" "$c")x; peak memory $((fm / 1024)) MiB vs $((cm / 1024)) MiB: $(ratio "$fm" "$cm")x"
if [ ${#RUNTIME[@]} -gt 0 ]; then
  rf=$(col "$WORK/rfirst" 1); rfm=$(col "$WORK/rfirst" 2)
  echo "rows $ROWS: first use by the runtime build ${rf} ms vs COPY ${c} ms: $(ratio "$rf" "$c")x; $(ratio "$rf" "$f")x the deployed image's; peak memory $((rfm / 1024)) MiB"
fi

# Served in place, paired with bare DuckDB on the same masked data.
"${SANDBOX[@]}" --home "$H" --as zijin-analyst job run "$WORK/job.yaml" --wait >/dev/null
BARE_SQL="$(bare_sql "$(ls -t "$H"/materialized/$G/residents.*.parquet | head -1)")"  # the file the job reads
: > "$WORK/a"; : > "$WORK/b"; : > "$WORK/r1"
for _ in $(seq "$RUNS"); do
  run "$WORK/a" "${SANDBOX[@]}" --home "$H" --as zijin-analyst job run "$WORK/job.yaml" --wait
  run "$WORK/b" "${BARE[@]}" :memory: "$BARE_SQL"
  [ ${#RUNTIME[@]} -eq 0 ] || run "$WORK/r1" "${RUNTIME[@]}" --home "$H" --as zijin-analyst job run "$WORK/job.yaml" --wait
done
a=$(col "$WORK/a" 1); b=$(col "$WORK/b" 1); am=$(col "$WORK/a" 2); bm=$(col "$WORK/b" 2)
echo "rows $ROWS: job run ${a} ms vs bare DuckDB ${b} ms on the same masked data: $(ratio "$a" "$b")x; peak memory $((am / 1024)) MiB vs $((bm / 1024)) MiB: $(ratio "$am" "$bm")x (medians of $RUNS, paired, whole process)"
if [ ${#RUNTIME[@]} -gt 0 ]; then
  r1=$(col "$WORK/r1" 1); r1m=$(col "$WORK/r1" 2)
  echo "rows $ROWS: job run by the runtime build ${r1} ms vs bare DuckDB ${b} ms: $(ratio "$r1" "$b")x; $(ratio "$r1" "$a")x the deployed image's; peak memory $((r1m / 1024)) MiB vs $((bm / 1024)) MiB: $(ratio "$r1m" "$bm")x"
fi

# The same job sent to a warm host (`sandbox serve` on the same home, its grant's tables open) by `job run --server`,
# paired with bare DuckDB as above: the client process is what the user waits for; the host's own CPU and memory are a
# long-lived server's (printed once at the end).
"${SANDBOX[@]}" --home "$H" --lang en serve --urls http://127.0.0.1:0 > "$WORK/serve.log" 2>&1 &
SERVE=$!
trap 'kill "$SERVE" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 600); do grep -q '^serving ' "$WORK/serve.log" && break; sleep 0.1; done
URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1)"
export SANDBOX_TOKEN; SANDBOX_TOKEN="$("${SANDBOX[@]}" --home "$H" token issue zijin-analyst | tail -1)"
"${SANDBOX[@]}" job run "$WORK/job.yaml" --wait --server "$URL" >/dev/null  # its first job opens the grant's tables
: > "$WORK/s"; : > "$WORK/b2"
for _ in $(seq "$RUNS"); do
  run "$WORK/s" "${SANDBOX[@]}" job run "$WORK/job.yaml" --wait --server "$URL"
  run "$WORK/b2" "${BARE[@]}" :memory: "$BARE_SQL"
done
s=$(col "$WORK/s" 1); b2=$(col "$WORK/b2" 1); sm=$(col "$WORK/s" 2); bm2=$(col "$WORK/b2" 2)
echo "rows $ROWS: job run --server (a warm host) ${s} ms vs bare DuckDB ${b2} ms: $(ratio "$s" "$b2")x; the client's peak memory $((sm / 1024)) MiB vs $((bm2 / 1024)) MiB; the host's resident memory $(( $(ps -o rss= -p "$SERVE") / 1024 )) MiB (medians of $RUNS, paired)"
unset SANDBOX_TOKEN

# The evidence the export gate needs is measured when an export is asked for, not on the job's path: the first request
# of the last job's output (which measures it) against the job itself, the figures of one run each.
JOB="$("${SANDBOX[@]}" --home "$H" --as zijin-analyst job run "$WORK/job.yaml" --wait --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
: > "$WORK/r"
run "$WORK/r" "${SANDBOX[@]}" --home "$H" --as zijin-analyst export request "$JOB" q
r=$(col "$WORK/r" 1)
echo "rows $ROWS: the first export request of that output (measures its evidence from the same materialized data) ${r} ms, against the job's ${a} ms: $(ratio "$r" "$a")x"

# The figures as a BenchmarkDotNet-style result, rendered with the classes' by
# `dotnet run -c Release --project bench/Sandbox.Bench -- report` into docs/bench (a table and a chart of the ratios).
RESULTS="BenchmarkDotNet.Artifacts/results"; mkdir -p "$RESULTS"
OUT="$RESULTS/WholeProcess.DataPlane$ROWS-report-github.md"
row() { printf '| %s | %s ms | %s ms | %s |\n' "$1" "$2" "$2" "$3"; }
{
  echo '```'
  echo "bench/dataplane.sh $ROWS $RUNS: whole processes, each paired with its baseline run by run (A B A B ...); Mean and Median both hold the median of the $RUNS runs, Ratio is ours over its baseline's"
  echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "query: $SQL, over $ROWS generated residents (6 columns, IDs tokenized); peak memory: ours $((am / 1024)) MiB vs bare $((bm / 1024)) MiB; first use $((fm / 1024)) MiB vs COPY $((cm / 1024)) MiB"
  echo '```'
  echo
  echo '| Method | Mean | Median | Ratio |'
  echo '|---|---:|---:|---:|'
  row "bare DuckDB, same query, same data (the jobs' baseline)" "$b" "1.00"
  row "sandbox job run --wait (a new process)" "$a" "$(ratio "$a" "$b")"
  [ ${#RUNTIME[@]} -eq 0 ] || row "sandbox job run --wait, the runtime build (a new process)" "$r1" "$(ratio "$r1" "$b")"
  row "bare DuckDB again (the --server runs' baseline)" "$b2" "1.00"
  row "sandbox job run --wait --server (a warm host)" "$s" "$(ratio "$s" "$b2")"
  row "DuckDB COPY of the same masking (first use's baseline)" "$c" "1.00"
  row "first use: sandbox grant prepare" "$f" "$(ratio "$f" "$c")"
  [ ${#RUNTIME[@]} -eq 0 ] || row "first use: sandbox grant prepare, the runtime build" "$rf" "$(ratio "$rf" "$c")"
} > "$OUT"
echo "wrote $OUT (render: dotnet run -c Release --project bench/Sandbox.Bench -- report)"
