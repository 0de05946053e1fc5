# Sourced by the whole-process bench scripts (from the repository root, WORK set to a temp folder): publishes the host
# as it is deployed into $WORK/sandbox — for the runtime, self-contained, compiled ahead of time with the framework in
# one composite image (see src/Sandbox.Host/Sandbox.Host.csproj). Built in a folder of its own: the SDK reuses
# precompiled dependencies across publish modes, and a framework-dependent publish after a composite one would not
# start. Kept between runs (compiling the framework takes minutes): SANDBOX_BENCH_BUILD, default under the temp folder.
dotnet publish -c Release -r linux-x64 --self-contained true src/Sandbox.Host --artifacts-path "${SANDBOX_BENCH_BUILD:-${TMPDIR:-/tmp}/sandbox-bench-build}" -o "$WORK/sandbox" -v q --nologo \
  >"$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log" >&2; echo "bench/publish.sh: the host did not publish (above)" >&2; exit 1; }
