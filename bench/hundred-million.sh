#!/usr/bin/env bash
# The 100M-row run of issue 15, whole processes, each step timed (wall seconds) with its peak resident memory (GNU
# time), beside bare DuckDB on the same data:
#  1. generate ROWS residents straight to Parquet with DuckDB (valid GB 11643 IDs, each once; never committed),
#  2. `dataset import` (profile, classify, seal the raw file),
#  3. `grant prepare` (open the sealed file, mask once, write the grant's materialization; its peak memory should not
#     grow with ROWS: 344 MiB at 10M, 391 MiB at 100M),
#  4. `job run` of an aggregate with `limits: { memory: 2GiB }`, against bare DuckDB running the same query on the same
#     masked data (the grant's materialized Parquet file, which the job reads in place), and DuckDB's COPY of the same masking as the first
#     use's baseline.
#  5. the first `export request` of the last job's output (the subject check on the masked Parquet, then the evidence).
# Usage: bench/hundred-million.sh [ROWS]   (default 100000000; needs ~25 GB free where TMPDIR points; removed on exit)
set -euo pipefail
ROWS="${1:-100000000}"
cd "$(dirname "$0")/.."
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
# The host as deployed (the native image with its runner, bench/publish.sh) and the bench runner, each in its own
# output folder (the run takes long): rebuilding the tree once this has started changes nothing that runs.
# shellcheck source=bench/publish.sh
source bench/publish.sh
dotnet build -c Release bench/Sandbox.Bench -o "$WORK/bench" -v q --nologo >/dev/null
SANDBOX=("$WORK/sandbox/sandbox"); BARE=(dotnet "$WORK/bench/Sandbox.Bench.dll" bare)
H="$WORK/home"; G=nj-credit-2026
"${SANDBOX[@]}" demo --home "$H" >/dev/null

# One step: wall seconds and peak resident MiB, printed as "<label>: S s, M MiB".
step() { local label="$1" s e; shift; s=$(date +%s%N); /usr/bin/time -f %M -o "$WORK/rss" "$@" >"$WORK/step.out"; e=$(date +%s%N)
  printf '%s: %.1f s, peak %d MiB\n' "$label" "$(awk "BEGIN {print ($e - $s) / 1e9}")" "$(( $(cat "$WORK/rss") / 1024 ))"; }

# 1. Row i: area i % 10; then a birth date and a sequence number that no other row of that area shares.
W=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2)
SUM=$(for j in $(seq 0 16); do printf ' + %d * CAST(substr(body, %d, 1) AS INTEGER)' "${W[$j]}" $((j + 1)); done)
GEN="COPY (SELECT body || substr('10X98765432', (($SUM) % 11)::INTEGER + 1, 1) AS resident_id, '居民' || i AS name,
  '139' || lpad(((i * 2654435761) % 100000000)::VARCHAR, 8, '0') AS mobile, district, strftime(born, '%Y-%m-%d') AS birth_date,
  CASE WHEN seq % 2 = 1 THEN '男' ELSE '女' END AS gender
  FROM (SELECT i, area, district, born, seq, area || strftime(born, '%Y%m%d') || lpad(seq::VARCHAR, 3, '0') AS body
    FROM (SELECT i, ['320102','320104','320105','320106','320111','320113','320114','320115','320116','320117'][i % 10 + 1] AS area,
      ['玄武区','秦淮区','建邺区','鼓楼区','浦口区','栖霞区','雨花台区','江宁区','六合区','溧水区'][i % 10 + 1] AS district,
      DATE '1950-01-01' + ((i // 10) // 1000)::INTEGER AS born, (i // 10) % 1000 AS seq FROM range($ROWS) r(i))))
  TO '$WORK/residents.parquet' (FORMAT parquet, COMPRESSION zstd)"
step "generate $ROWS rows to Parquet (DuckDB)" "${BARE[@]}" :memory: "$GEN"
echo "  raw Parquet: $(( $(stat -c %s "$WORK/residents.parquet") / 1048576 )) MiB"
step "dataset import (profile, classify, seal)" "${SANDBOX[@]}" --home "$H" --as bureau-officer dataset import "$WORK/residents.parquet" --name residents --provider 市公安局 --subject resident_id --replace
step "grant prepare (first use: open the sealed file, mask once, materialize)" "${SANDBOX[@]}" --home "$H" --as bureau-officer grant prepare $G
COPY="COPY (SELECT 'tk_' || left(sha256(resident_id), 20) AS resident_id, district, left(birth_date, 4) AS birth_date, gender FROM read_parquet('$WORK/residents.parquet')) TO '$WORK/copy.parquet' (FORMAT parquet)"
step "  baseline: DuckDB COPY of the same masking to Parquet" "${BARE[@]}" :memory: "$COPY"
rm -f "$WORK/copy.parquet" "$WORK/residents.parquet"
du -sh "$H/materialized/$G" "$H/datasets" | sed 's/^/  on disk: /'

SQL="select district, gender, count(*) as n from residents group by district, gender"
# The job gets the machine's cores, as the bare DuckDB process does (its default); a job's own default is one.
printf 'grant: %s\nkind: sql\nqueries:\n  q: %s\nlimits: { timeout: 60m, memory: 2GiB, cpus: %s }\n' "$G" "$SQL" "$(nproc)" > "$WORK/job.yaml"
P="$(ls -t "$H"/materialized/$G/residents.*.parquet | head -1)"  # the masked file the job reads in place
for run in 1 2; do
  step "job run #$run (inprocess, memory limit 2 GiB, $(nproc) cores)" "${SANDBOX[@]}" --home "$H" --as zijin-analyst job run "$WORK/job.yaml" --wait --json
  grep -o '"state": *"[a-z]*"' "$WORK/step.out" | head -1 | sed 's/^/  /'
  JOB="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/step.out")"
  step "  baseline: bare DuckDB, the same query on the same masked data" "${BARE[@]}" :memory: "select district, gender, count(*) as n from read_parquet('$P') group by district, gender"
done
# 5. The first export request of the last job's output: it proves the subject column unique on the masked Parquet
#    (once per materialization) and measures the output's evidence from it, under the job's limits.
step "export request of that output (subject check, then its evidence)" "${SANDBOX[@]}" --home "$H" --as zijin-analyst export request "$JOB" q
