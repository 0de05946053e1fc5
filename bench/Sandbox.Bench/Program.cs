using BenchmarkDotNet.Running;

namespace Sandbox.Bench;

/// <summary>
/// Every benchmark class sits beside its baseline (the same work done by DuckDB SQL, a bare `docker run`, or a
/// plain file read) in the same run: report ratios, not lone absolute times.
/// Run: <c>dotnet run -c Release --project bench/Sandbox.Bench -- --filter '*'</c>
/// </summary>
public static class BenchProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
