# Sourced by the whole-process bench scripts (after ROWS is set and from the repository root): publishes the host as
# deployed (the native image, bench/publish.sh) and builds the bench runner in Release, makes a demo home in a temp
# folder removed on exit, and replaces its residents with ROWS generated ones (never committed). Sets SANDBOX and BARE
# (commands, as arrays), WORK, H (the home) and G (the grant).
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
source bench/publish.sh
dotnet build -c Release bench/Sandbox.Bench -v q --nologo >/dev/null
SANDBOX=("$WORK/sandbox/sandbox")
BARE=(dotnet bench/Sandbox.Bench/bin/Release/net10.0/Sandbox.Bench.dll bare)
H="$WORK/home"; G=nj-credit-2026
"${SANDBOX[@]}" demo --home "$H" >/dev/null
python3 bench/residents.py "$ROWS" "$WORK/residents.csv"
"${SANDBOX[@]}" --home "$H" --as bureau-officer dataset import "$WORK/residents.csv" --name residents --provider 市公安局 --subject resident_id --replace >/dev/null
