# Sourced by bench scripts that compare the deployed native image (bench/publish.sh) with the runtime build (from the
# repository root, WORK set to a temp folder): publishes the host for the runtime into $WORK/runtime — self-contained,
# compiled ahead of time with the framework in one composite image (see src/Sandbox.Host/Sandbox.Host.csproj). Built
# in a folder of its own: the SDK reuses precompiled dependencies across publish modes, and a framework-dependent
# publish after a composite one would not start. Kept between runs (compiling the framework takes minutes):
# SANDBOX_BENCH_BUILD, default under the temp folder.
dotnet publish -c Release -r linux-x64 --self-contained true src/Sandbox.Host --artifacts-path "${SANDBOX_BENCH_BUILD:-${TMPDIR:-/tmp}/sandbox-bench-build}" -o "$WORK/runtime" -v q --nologo \
  >"$WORK/publish-runtime.log" 2>&1 || { cat "$WORK/publish-runtime.log" >&2; echo "bench/publish-runtime.sh: the runtime build did not publish (above)" >&2; exit 1; }
