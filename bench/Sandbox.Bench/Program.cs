using BenchmarkDotNet.Running;

// Every benchmark class sits beside its baseline (the same work done by DuckDB SQL, a bare `docker run`, or a
// plain file read) in the same run: report ratios, not lone absolute times.
// Run: dotnet run -c Release --project bench/Sandbox.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point type for the benchmark switcher.</summary>
public partial class Program;
