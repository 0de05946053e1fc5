# Sourced by the whole-process bench scripts and .ci/native.sh (from the repository root, WORK set to a folder):
# publishes the host as it is deployed into $WORK/sandbox — the native image (Native AOT, see
# src/Sandbox.Host/Sandbox.Host.csproj, SandboxNative) — and the runner beside it in $WORK/sandbox/runner:
# self-contained on the runtime, compiled ahead of time (ReadyToRun), since ML.NET generates code at run time; the
# image runs every ml job in it (src/Sandbox.Host/Backends/RunnerProcess.cs). Needs a C toolchain (clang) for the
# final link. Built in folders of their own, kept between runs (minutes the first time): SANDBOX_NATIVE_BUILD.
# bench/publish-runtime.sh publishes the runtime build beside it, for comparison.
command -v clang >/dev/null || { echo "bench/publish.sh: the native image needs a C toolchain for its link: apt-get install clang" >&2; exit 1; }
NATIVE_BUILD="${SANDBOX_NATIVE_BUILD:-${TMPDIR:-/tmp}/sandbox-native-build}"
dotnet publish -c Release -r linux-x64 --self-contained true -p:SandboxNative=true src/Sandbox.Host --artifacts-path "$NATIVE_BUILD/host" -o "$WORK/sandbox" -v q --nologo \
  >"$WORK/publish.log" 2>&1 || { tail -n 40 "$WORK/publish.log" >&2; echo "bench/publish.sh: the native image did not publish (above)" >&2; exit 1; }
# The runner's launcher that came with the host's references has no runner beside it: the runner is its own publish.
rm -f "$WORK/sandbox/sandbox-runner" "$WORK/sandbox/sandbox-runner.deps.json" "$WORK/sandbox/sandbox-runner.runtimeconfig.json" "$WORK/sandbox/sandbox-runner.pdb" "$WORK/sandbox/sandbox-runner.xml"
dotnet publish -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true src/Sandbox.Runner --artifacts-path "$NATIVE_BUILD/runner" -o "$WORK/sandbox/runner" -v q --nologo \
  >>"$WORK/publish.log" 2>&1 || { tail -n 40 "$WORK/publish.log" >&2; echo "bench/publish.sh: the runner did not publish beside the native image (above)" >&2; exit 1; }
