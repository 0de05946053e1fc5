using System.Text.Json;
using Sandbox.Host.Exports;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Ml;

/// <summary>
/// Scoring inside the domain (<c>kind: ml</c> with <c>predict:</c>): a released model of the operator's own
/// organization applied to rows its grant admits; predictions are a table the export gate judges like any other.
/// Every way to apply a model that was not released, is not a model, is another organization's or has changed is refused.
/// </summary>
public sealed class MlPredictTests(MlPredictTests.ReleasedModelCity city) : IClassFixture<MlPredictTests.ReleasedModelCity>
{
    private const string Analyst = TestHome.Analyst;
    private const string Scoring = "query: select district, industry, year(established) as founded from enterprise_registry";

    /// <summary>A home with one logistic model trained, reviewed twice and released (into the home's bundles).</summary>
    public sealed class ReleasedModelCity : IDisposable
    {
        public MlCity Ml { get; } = new();

        public string TrainingJob { get; }

        public string ModelExport { get; }

        public ReleasedModelCity()
        {
            var home = Ml.Home;
            var run = Ml.Run(Ml.Training("lbfgs"));
            Assert.True(run.GetProperty("state").GetString() == "succeeded", run.ToString());
            TrainingJob = run.GetProperty("id").GetString()!;
            ModelExport = RequestModel(home, TrainingJob);
            home.Ok("--as", "gov-reviewer", "export", "review", ModelExport, "--stage", "technical", "--approve", "--note", "model card read");
            home.Ok("--as", "expert-reviewer", "export", "review", ModelExport, "--stage", "comprehensive", "--approve", "--note", "fit to score within the domain");
            home.Ok("--as", Analyst, "export", "release", ModelExport);
        }

        public static string RequestModel(TestHome home, string job)
        {
            var (code, stdout, err) = home.Run("--as", Analyst, "export", "request", job, "model.zip", "--json");
            Assert.True(code is 0 or 1 && stdout.Length > 0, err);
            return JsonDocument.Parse(stdout).RootElement.GetProperty("id").GetString()!;
        }

        public void Dispose() => Ml.Dispose();
    }

    private TestHome Home => city.Ml.Home;

    /// <summary>The admission decision for a job file (refusals are listed on stdout), with no job recorded.</summary>
    private (int Code, string Out, string Err) Check(params string[] lines) => Home.Run("--as", Analyst, "job", "check", city.Ml.Job(lines));

    [Fact]
    public void Predict_ReleasedModel_ScoresEveryRowAndTheListingCannotLeave()
    {
        var run = city.Ml.Run(city.Ml.Job($"predict: {city.ModelExport}", Scoring));

        Assert.True(run.GetProperty("state").GetString() == "succeeded", run.ToString());
        var output = run.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("predictions", output.GetProperty("name").GetString());
        var lines = File.ReadAllLines(Path.Combine(Home.Root, "out", run.GetProperty("id").GetString()!, "predictions.csv"));
        Assert.Equal("district,industry,founded,predicted,probability", lines[0]);
        Assert.Equal(400, lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Contains(cells[3], new[] { "true", "false" });
            var p = double.Parse(cells[4], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(p, 0, 1);
            Assert.Equal(p >= 0.5, cells[3] == "true");
        }
        // Both classes occur: the model scores, it does not answer a constant.
        Assert.Equal(2, lines.Skip(1).Select(l => l.Split(',')[3]).Distinct().Count());

        // One row per enterprise: a listing, which the gate's row-level rule keeps in the domain.
        var (_, stdout, _) = Home.Run("--as", Analyst, "export", "request", run.GetProperty("id").GetString()!, "predictions", "--json");
        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.True(report.GetProperty("verdict").GetString() == "fail", report.ToString());
        Assert.Contains(report.GetProperty("checks").EnumerateArray(), c => c.GetProperty("rule").GetString() == "row-level" && c.GetProperty("status").GetString() == "fail");
    }

    [Fact]
    public void Predict_GroupedRows_CarryEvidenceForThePredictionColumns()
    {
        var run = city.Ml.Run(city.Ml.Job($"predict: {city.ModelExport}",
            "query: select district, mode(industry) as industry, cast(median(year(established)) as int) as founded, count(*) as enterprises from enterprise_registry group by district"));

        Assert.True(run.GetProperty("state").GetString() == "succeeded", run.ToString());
        var folder = Path.Combine(Home.Root, "out", run.GetProperty("id").GetString()!);
        Assert.Equal("district,industry,founded,enterprises,predicted,probability", File.ReadLines(Path.Combine(folder, "predictions.csv")).First());
        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "predictions.evidence.json")));
        var root = evidence.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        // The predictions are measured as the row they were computed from: as many cells as aggregate columns.
        Assert.Equal(["dimension", "other", "other", "count", "other", "other"], root.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        foreach (var row in root.GetProperty("rows").EnumerateArray())
        {
            var cells = row.GetProperty("cells").EnumerateArray().Select(c => c.GetInt64()).ToList();
            Assert.Equal(5, cells.Count);
            Assert.Equal(cells.Take(3).Min(), cells[3]);
            Assert.Equal(cells[3], cells[4]);
        }

        var (_, stdout, _) = Home.Run("--as", Analyst, "export", "request", run.GetProperty("id").GetString()!, "predictions", "--json");
        var report = JsonDocument.Parse(stdout).RootElement;
        // Every district rests on enough enterprises: the threshold rule passes on the evidence, predictions included.
        Assert.True(report.GetProperty("checks").EnumerateArray().Any(c => c.GetProperty("rule").GetString() == "threshold" && c.GetProperty("status").GetString() == "pass"), report.ToString());
        Assert.Contains(report.GetProperty("checks").EnumerateArray(), c => c.GetProperty("rule").GetString() == "threshold" && c.GetProperty("status").GetString() == "pass");
    }

    [Fact]
    public void Predict_UnknownExport_IsRefusedAtAdmission()
    {
        var (code, err, _) = Check("predict: exp-0000-none", Scoring);

        Assert.Equal(1, code);
        Assert.Contains("predict: no released model 'exp-0000-none'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_ATableExport_IsNotAModel()
    {
        var sql = Home.Job("nj-credit-2026", "by_district: select district, count(*) as n from enterprise_registry group by district");
        var job = JsonDocument.Parse(Home.Ok("--as", Analyst, "job", "run", "--wait", sql, "--json")).RootElement.GetProperty("id").GetString()!;
        var table = JsonDocument.Parse(Home.Run("--as", Analyst, "export", "request", job, "by_district", "--json").Out).RootElement.GetProperty("id").GetString()!;

        var (code, err, _) = Check($"predict: {table}", Scoring);

        Assert.Equal(1, code);
        Assert.Contains($"export {table} is not a model", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_AModelNotYetReleased_IsRefusedUntilItIs()
    {
        var run = city.Ml.Run(city.Ml.Training("sdca"));
        var pending = ReleasedModelCity.RequestModel(Home, run.GetProperty("id").GetString()!);

        var (code, err, _) = Check($"predict: {pending}", Scoring);

        Assert.Equal(1, code);
        Assert.Contains($"the model of export {pending} is not released", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_AModelChangedAfterRelease_IsNotApplied()
    {
        // Its own model, so the shared one stays whole.
        var run = city.Ml.Run(city.Ml.Training("lbfgs", features: "[district, founded]"));
        var export = ReleasedModelCity.RequestModel(Home, run.GetProperty("id").GetString()!);
        Home.Ok("--as", "gov-reviewer", "export", "review", export, "--stage", "technical", "--approve", "--note", "ok");
        Home.Ok("--as", "expert-reviewer", "export", "review", export, "--stage", "comprehensive", "--approve", "--note", "ok");
        Home.Ok("--as", Analyst, "export", "release", export);
        string bundle, output;
        using (var session = SandboxSession.Open(new SandboxHome(Home.Root), null, Home.Time))
        {
            var record = session.Store.FindExport(export)!;
            (bundle, output) = (Path.Combine(record.BundlePath!, "model.zip"), record.Path);
        }
        // Someone holding the home swaps in other bytes, in the bundle and in the job's outputs.
        File.AppendAllText(bundle, "x");
        File.AppendAllText(output, "x");

        var (code, err, _) = Check($"predict: {export}", "query: select district, year(established) as founded from enterprise_registry");

        Assert.Equal(1, code);
        Assert.Contains("no longer the one reviewed", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_AnotherOrganizationsModel_AnswersAsMissing()
    {
        using var session = SandboxSession.Open(new SandboxHome(Home.Root), "harbor-analyst", Home.Time);
        var grant = session.Store.FindGrant("nj-logistics-2027")!.Grant;

        var (model, refusal) = ReleasedModels.Resolve(session, city.ModelExport, grant);

        Assert.Null(model);
        Assert.Equal($"predict: no released model '{city.ModelExport}'", refusal);
    }

    [Fact]
    public void Predict_ScoringQueryReadingAColumnOutsideTheGrant_IsRefusedLikeAnyQuery()
    {
        var (code, err, _) = Check($"predict: {city.ModelExport}", "query: select district, industry, year(established) as founded, legal_rep_name from enterprise_registry");

        Assert.Equal(1, code);
        Assert.Contains("legal_rep_name", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_AFeatureTheQueryDoesNotReturn_FailsNamingIt()
    {
        var run = city.Ml.Run(city.Ml.Job($"predict: {city.ModelExport}", "query: select district, industry from enterprise_registry"));

        Assert.Equal("failed", run.GetProperty("state").GetString());
        Assert.Contains("the model reads feature 'founded'", run.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_WithTrainingKeys_IsBadInput()
    {
        var (code, _, err) = Check($"predict: {city.ModelExport}", "task: binary", "features: [district]", Scoring);

        Assert.Equal(2, code);
        Assert.Contains("task: a predict job applies a released model as it is", err, StringComparison.Ordinal);
        Assert.Contains("features: a predict job applies a released model as it is", err, StringComparison.Ordinal);
    }
}
