# Sourced by bench scripts and .ci/native.sh (from the repository root, WORK set to a folder): publishes the host's
# native image (Native AOT, see src/Sandbox.Host/Sandbox.Host.csproj, SandboxNative) into $WORK/native, and the runner
# beside it in $WORK/native/runner: self-contained on the runtime, compiled ahead of time (ReadyToRun), since ML.NET
# generates code at run time; the image runs every ml job in it (src/Sandbox.Host/Backends/RunnerProcess.cs). Needs a
# C toolchain (clang) for the final link. Built in folders of their own, kept between runs: SANDBOX_NATIVE_BUILD.
NATIVE_BUILD="${SANDBOX_NATIVE_BUILD:-${TMPDIR:-/tmp}/sandbox-native-build}"
dotnet publish -c Release -r linux-x64 --self-contained true -p:SandboxNative=true src/Sandbox.Host --artifacts-path "$NATIVE_BUILD/host" -o "$WORK/native" -v q --nologo \
  >"$WORK/publish-native.log" 2>&1 || { tail -n 40 "$WORK/publish-native.log" >&2; echo "bench/publish-native.sh: the native image did not publish (above)" >&2; exit 1; }
# The runner's launcher that came with the host's references has no runner beside it: the runner is its own publish.
rm -f "$WORK/native/sandbox-runner" "$WORK/native/sandbox-runner.deps.json" "$WORK/native/sandbox-runner.runtimeconfig.json" "$WORK/native/sandbox-runner.pdb" "$WORK/native/sandbox-runner.xml"
dotnet publish -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true src/Sandbox.Runner --artifacts-path "$NATIVE_BUILD/runner" -o "$WORK/native/runner" -v q --nologo \
  >>"$WORK/publish-native.log" 2>&1 || { tail -n 40 "$WORK/publish-native.log" >&2; echo "bench/publish-native.sh: the runner did not publish beside the native image (above)" >&2; exit 1; }
