# Sourced by bench scripts and .ci/native.sh (from the repository root, WORK set to a folder): publishes the host's
# native image (Native AOT, see src/Sandbox.Host/Sandbox.Host.csproj, SandboxNative) into $WORK/native. Needs a C
# toolchain (clang) for the final link. Built in a folder of its own, kept between runs: SANDBOX_NATIVE_BUILD.
dotnet publish -c Release -r linux-x64 --self-contained true -p:SandboxNative=true src/Sandbox.Host --artifacts-path "${SANDBOX_NATIVE_BUILD:-${TMPDIR:-/tmp}/sandbox-native-build}" -o "$WORK/native" -v q --nologo \
  >"$WORK/publish-native.log" 2>&1 || { tail -n 40 "$WORK/publish-native.log" >&2; echo "bench/publish-native.sh: the native image did not publish (above)" >&2; exit 1; }
