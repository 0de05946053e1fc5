#!/usr/bin/env bash
# A newcomer's first hour, in CI: on a fresh home, the commands of README.md's "Using it" block in their order, each
# of which must succeed (and a refusal the README promises must be a refusal). Uses the build `dotnet test` made, or
# the executable SANDBOX_BIN names (CI runs it again with the native image).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${SANDBOX_BIN:-}" ]; then
  sandbox() { "$SANDBOX_BIN" "$@"; }
else
  sandbox() { dotnet src/Sandbox.Host/bin/Debug/net10.0/sandbox.dll "$@"; }
fi
step() { echo "-- sandbox $*"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SANDBOX_HOME="$work/home"

# The demo (README's first command) writes the synthetic city's files a newcomer imports below.
sandbox demo --home "$work/demo" >/dev/null
inputs="$work/demo/demo-inputs"
iconv -f UTF-8 -t GBK "$inputs/residents.csv" >"$work/residents-gbk.csv"
head -n 50 "$inputs/residents.csv" >"$work/some.csv"

run() { step "$@"; sandbox "$@" >"$work/last.out" || { echo "newcomer: 'sandbox $*' failed"; cat "$work/last.out"; exit 1; }; }
run init
run policy apply policies/principals.yaml
run policy apply policies/images.yaml
run --as bureau-officer dataset import "$inputs/residents.csv" --name residents --provider 市公安局 --subject resident_id
run --as bureau-officer dataset import "$work/residents-gbk.csv" --name residents --encoding gbk --replace
run --as bureau-officer dataset import "$inputs/enterprise_registry.csv" --name enterprise_registry --provider 市市场监管局 --subject uscc
run --as bureau-officer dataset show residents
run mask detect "$work/some.csv" --json
run --as bureau-officer mask apply "$work/some.csv" --rules policies/masking/residents.yaml --out "$work/masked.parquet"
run --as bureau-officer policy apply policies/
run --as bureau-officer grant list
run --as bureau-officer grant show nj-credit-2026

cat >"$work/job.yaml" <<'JOB'
grant: nj-credit-2026
kind: sql
queries:
  by_district: select district, count(*) as enterprises from enterprise_registry group by district
JOB
run --as zijin-analyst job run "$work/job.yaml" --wait --json
job=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/last.out")
run --as zijin-analyst export request "$job" by_district --json
export_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/last.out")
run --as gov-reviewer export review "$export_id" --stage technical --approve --note "district counts"
run --as expert-reviewer export review "$export_id" --stage comprehensive --approve --note "fit for release"
run --as zijin-analyst export release "$export_id" --to "$work/released"
run export verify "$(ls -d "$work"/released/rel-*)" --public-key "$(sandbox keys show)"
run --as city-auditor audit verify
run token issue zijin-analyst
echo "newcomer: every command of the README's order succeeded on a fresh home${SANDBOX_BIN:+ ($SANDBOX_BIN)}"
