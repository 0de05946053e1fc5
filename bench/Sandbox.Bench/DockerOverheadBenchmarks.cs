using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using DuckDB.NET.Data;
using Sandbox.Contracts;
using Sandbox.Contracts.Runner;
using Sandbox.Host.Cli;
using Sandbox.Host.Demo;

namespace Sandbox.Bench;

/// <summary>
/// Job overhead, submit → result, for a trivial SQL job: on the inprocess backend and on the docker backend, next
/// to the baseline — a bare <c>docker run --rm --network none</c> of the same runner image running the same query
/// on a ready-made workspace. Docker target: at most 1.3× the bare run; inprocess: at most 50 ms, shown beside the
/// floor under it (a fresh DuckDB running the query on a table already staged).
/// Needs the engine and the images (<c>.ci/docker.sh</c>). Run:
/// <c>dotnet run -c Release --project bench/Sandbox.Bench -- --filter '*DockerOverhead*'</c>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 12)]
public class DockerOverheadBenchmarks
{
    private const string Query = "select district, count(*) as n from enterprise_registry group by district";

    private string _root = "";
    private string _home = "";
    private string _job = "";
    private string _bareWorkspace = "";

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("docker-bench-").FullName;
        _home = Path.Combine(_root, "home");
        // Each step as the principal whose work it is: the administrator sets up, the bureau imports and grants.
        var policies = Path.Combine(RepositoryRoot(), "policies");
        Cli("init");
        Cli("policy", "apply", Path.Combine(policies, "principals.yaml"));
        Cli("policy", "apply", Path.Combine(policies, "images.yaml"));
        var (enterprises, residents) = SyntheticCity.Write(Path.Combine(_root, "inputs"), 400, 600);
        Cli("--as", "bureau-officer", "dataset", "import", enterprises, "--name", "enterprise_registry", "--subject", "uscc");
        Cli("--as", "bureau-officer", "dataset", "import", residents, "--name", "residents", "--subject", "resident_id");
        Cli("--as", "bureau-officer", "policy", "apply", policies);
        Cli("image", "build");
        _job = Path.Combine(_root, "job.yaml");
        File.WriteAllLines(_job, ["grant: nj-credit-2026", "kind: sql", "queries:", $"  by_district: {Query}", "limits: { timeout: 30s, memory: 256MiB }"]);

        // The baseline's workspace: the same table, already staged, and the runner's job.json.
        _bareWorkspace = Path.Combine(_root, "bare");
        Directory.CreateDirectory(Path.Combine(_bareWorkspace, "data"));
        Directory.CreateDirectory(Path.Combine(_bareWorkspace, "job"));
        using (var duck = new DuckDBConnection($"DataSource={Path.Combine(_bareWorkspace, "data", "sandbox.duckdb")}"))
        {
            duck.Open();
            using var create = duck.CreateCommand();
            create.CommandText = $"create table enterprise_registry as select * from read_csv_auto('{enterprises}')";
            create.ExecuteNonQuery();
        }
        File.WriteAllText(Path.Combine(_bareWorkspace, "job", "job.json"),
            JsonSerializer.Serialize(new RunnerJob([new RunnerQuery("by_district", Query)], TimeoutSeconds: 29), ContractJson.Default.RunnerJob));
        foreach (var path in Directory.EnumerateFileSystemEntries(_bareWorkspace, "*", SearchOption.AllDirectories).Append(_bareWorkspace))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherRead | (Directory.Exists(path) ? UnixFileMode.OtherExecute : 0));
        }
    }

    [Benchmark(Baseline = true, Description = "bare docker run --rm --network none")]
    public void BareDockerRun()
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     "run", "--rm", "--network", "none", "--user", "65534:65534",
                     "-v", $"{_bareWorkspace}/data:/data:ro", "-v", $"{_bareWorkspace}/job:/job:ro", "--tmpfs", "/out:uid=65534",
                     "sandbox/runner:latest", "/opt/sandbox-runner/sandbox-runner", "sql", "/data/sandbox.duckdb", "/job/job.json", "/out",
                 })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"bare docker run exited {process.ExitCode}: {process.StandardError.ReadToEnd()}");
    }

    [Benchmark(Description = "job run --backend docker")]
    public void DockerBackend() => Cli("--as", "zijin-analyst", "job", "run", _job, "--wait", "--backend", "docker");

    [Benchmark(Description = "job run --backend inprocess")]
    public void InProcessBackend() => Cli("--as", "zijin-analyst", "job", "run", _job, "--wait", "--backend", "inprocess");

    [Benchmark(Description = "bare DuckDB: open the staged table, run the query")]
    public long BareDuckDb()
    {
        // The floor under an inprocess job: the query itself on a table already staged, in a fresh instance.
        using var duck = new DuckDBConnection($"DataSource={Path.Combine(_bareWorkspace, "data", "sandbox.duckdb")};ACCESS_MODE=READ_ONLY;threads=1");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = Query;
        using var reader = command.ExecuteReader();
        long rows = 0;
        while (reader.Read()) rows++;
        return rows;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    private void Cli(params string[] args)
    {
        using var error = new StringWriter();
        var code = SandboxCli.RunAsync([.. args, "--home", _home], TextWriter.Null, error, TimeProvider.System).GetAwaiter().GetResult();
        if (code != 0) throw new InvalidOperationException($"sandbox {string.Join(' ', args)} exited {code}: {error}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Sandbox.sln"))) return dir;
        }
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
