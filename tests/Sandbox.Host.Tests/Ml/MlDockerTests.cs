using System.Text.Json;
using Sandbox.Host.Tests.Backends.Docker;

namespace Sandbox.Host.Tests.Ml;

/// <summary>
/// On the real engine: an ml job in the runner image (same executor, same evidence as in process), and a pandas job
/// that reads its table's Parquet file and writes a CSV that is exported by its own name, reviewed and released.
/// </summary>
[Collection("docker")]
public sealed class MlDockerTests(DockerCity city) : IClassFixture<DockerCity>
{
    private const string Analyst = TestHome.Analyst;

    private TestHome Home => city.Home;

    private static JsonElement Rule(JsonElement report, string rule) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == rule);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(Home.Root, "jobs", Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }

    private JsonElement Request(string jobId, string output)
    {
        var (code, stdout, err) = Home.Run("--as", Analyst, "export", "request", jobId, output, "--json");
        Assert.True(code is 0 or 1 && stdout.Length > 0, $"exit {code}: {err}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    [DockerFact]
    public void Run_LogisticOnDocker_TrainsInTheRunnerImageWithEvidence() => TrainsOnDocker("lbfgs", "model-dof");

    [DockerFact]
    public void Run_FastTreeOnDocker_TrainsInTheRunnerImageWithEvidence() => TrainsOnDocker("fasttree", "model-leaves");

    private void TrainsOnDocker(string trainer, string rule)
    {
        var job = Write("job.yaml",
            "grant: nj-credit-2026",
            "kind: ml",
            "task: binary",
            "query: select district, industry, year(established) as founded, registered_capital > 400 as big from enterprise_registry",
            "label: big",
            "features: [district, industry, founded]",
            $"trainer: {trainer}",
            trainer == "fasttree" ? "parameters: { trees: 10, leaves: 4, min-leaf: 20 }" : "",
            "limits: { timeout: 60s, memory: 1GiB, cpus: 1, pids: 256, output: 16MiB }");

        var run = city.Run(job);

        Assert.True(run.GetProperty("state").GetString() == "succeeded", run.ToString() + city.Logs(run));
        Assert.Equal(["metrics.json", "model-card.md", "model.zip"], run.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var report = Request(run.GetProperty("id").GetString()!, "model.zip");
        Assert.Equal("pass", Rule(report, rule).GetProperty("status").GetString());
        Assert.Equal("review", Rule(report, "file").GetProperty("status").GetString());
    }

    [DockerFact]
    public void Run_PandasReadsParquet_WritesACsvThatIsExportedByItsNameAndReleased()
    {
        var job = Write("job.yaml",
            "grant: nj-credit-2026",
            "kind: container",
            "image: sandbox/python",
            "command: [python3, main.py]",
            "files: ./code",
            "limits: { timeout: 60s, memory: 1GiB, cpus: 1, pids: 256, output: 8MiB }");
        var code = Path.Combine(Path.GetDirectoryName(job)!, "code");
        Directory.CreateDirectory(code);
        File.WriteAllText(Path.Combine(code, "main.py"), """
            import sandbox_data
            frame = sandbox_data.read_parquet("/data/enterprise_registry.parquet")
            summary = frame.groupby("district").size().reset_index(name="enterprises")
            summary.to_csv("/out/summary.csv", index=False)
            print(len(frame), "rows read")
            """);

        var run = city.Run(job);

        Assert.True(run.GetProperty("state").GetString() == "succeeded", run.ToString() + city.Logs(run));
        Assert.Contains("400 rows read", city.Logs(run), StringComparison.Ordinal);
        var report = Request(run.GetProperty("id").GetString()!, "summary.csv");
        Assert.Equal("pass", Rule(report, "file").GetProperty("status").GetString());
        // A container's table has no evidence: the threshold rule cannot decide, so reviewers do.
        Assert.Equal("review", Rule(report, "threshold").GetProperty("status").GetString());
        var id = report.GetProperty("id").GetString()!;
        Home.Ok("--as", "gov-reviewer", "export", "review", id, "--stage", "technical", "--approve", "--note", "district counts from the registry");
        Home.Ok("--as", "expert-reviewer", "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "every district well populated");
        var to = Path.Combine(Home.Root, "released-" + id);
        Home.Ok("--as", Analyst, "export", "release", id, "--to", to);
        var bundle = Directory.GetDirectories(to).Single();
        Assert.True(File.Exists(Path.Combine(bundle, "summary.csv")));
        Home.Ok("export", "verify", bundle, "--public-key", Home.Ok("keys", "show").Trim());
    }

    [DockerFact]
    public void Predict_OnDocker_ScoresInTheRunnerImageWithTheReleasedModelBesideTheJob()
    {
        // Trained and released in process; applied in the runner image, where /job holds the model read-only.
        var training = Write("train.yaml",
            "grant: nj-credit-2026", "kind: ml", "task: binary",
            "query: select district, industry, year(established) as founded, registered_capital > 400 as big from enterprise_registry",
            "label: big", "features: [district, industry, founded]", "trainer: lbfgs", "limits: { timeout: 60s }");
        var trained = JsonDocument.Parse(Home.Ok("--as", Analyst, "job", "run", training, "--wait", "--json")).RootElement;
        var export = Request(trained.GetProperty("id").GetString()!, "model.zip").GetProperty("id").GetString()!;
        Home.Ok("--as", "gov-reviewer", "export", "review", export, "--stage", "technical", "--approve", "--note", "model card read");
        Home.Ok("--as", "expert-reviewer", "export", "review", export, "--stage", "comprehensive", "--approve", "--note", "fit to score");
        Home.Ok("--as", Analyst, "export", "release", export);
        var scoring = Write("score.yaml",
            "grant: nj-credit-2026", "kind: ml", $"predict: {export}",
            "query: select district, industry, year(established) as founded from enterprise_registry",
            "limits: { timeout: 60s, memory: 1GiB, cpus: 1, pids: 256, output: 16MiB }");

        var run = city.Run(scoring);

        Assert.True(run.GetProperty("state").GetString() == "succeeded", run.ToString() + city.Logs(run));
        var lines = File.ReadAllLines(Path.Combine(Home.Root, "out", run.GetProperty("id").GetString()!, "predictions.csv"));
        Assert.Equal("district,industry,founded,predicted,probability", lines[0]);
        Assert.Equal(400, lines.Length - 1);
        // The same listing evidence as in process: the gate keeps per-enterprise predictions in the domain.
        Assert.Equal("fail", Rule(Request(run.GetProperty("id").GetString()!, "predictions"), "row-level").GetProperty("status").GetString());
    }
}
