using System.Text.Json;
using Sandbox.Host.Demo;

namespace Sandbox.Host.Tests.Exports;

/// <summary>
/// Issue 15: an inprocess SQL job reads the grant's materialized tables in place and leaves its outputs' evidence to
/// be measured when an export is asked for, from the very files it read. Each test tries to get a verdict out of
/// evidence that is missing, stale or measured on other data.
/// </summary>
public sealed class RequestedEvidenceTests : IDisposable
{
    private readonly TestHome _home = ExportHome.Create(enterprises: 400, residents: 100);

    public void Dispose() => _home.Dispose();

    private (string Job, string Output) Run(string query)
    {
        var job = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job("nj-credit-2026", query), "--json")).RootElement;
        return (job.GetProperty("id").GetString()!, job.GetProperty("outputs")[0].GetProperty("path").GetString()!);
    }

    private static string EvidenceOf(string output) => Path.Combine(Path.GetDirectoryName(output)!, Path.GetFileNameWithoutExtension(output) + ".evidence.json");

    private static JsonElement Check(JsonElement report, string rule) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == rule);

    private JsonElement Request(string job, string output, int expectedCode)
    {
        var (code, stdout, err) = _home.Run("export", "request", job, output, "--json");
        Assert.True(code == expectedCode, $"exit {code}: {err}{stdout}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact]
    public void Job_LeavesNoEvidence_TheRequestMeasuresItOwnerOnly_AndItDecides()
    {
        var (job, output) = Run("by_district: select district, count(*) as n from enterprise_registry group by district");
        Assert.False(File.Exists(EvidenceOf(output)), "the job measured evidence on its own path");

        var report = Request(job, "by_district", 0);

        Assert.Equal("pass", Check(report, "threshold").GetProperty("status").GetString());
        Assert.True(File.Exists(EvidenceOf(output)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EvidenceOf(output)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.partial"));
        using var evidence = JsonDocument.Parse(File.ReadAllText(EvidenceOf(output)));
        Assert.Equal("enterprise_registry.uscc", evidence.RootElement.GetProperty("subject").GetString());
        Assert.Equal(11, evidence.RootElement.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public void SmallCells_MeasuredAtRequest_FailTheThreshold()
    {
        // One row per resident's birth date: cells of one or two subjects each.
        var (job, _) = Run("by_birth: select district, birth_date, count(*) as n from residents group by district, birth_date");

        var report = Request(job, "by_birth", 1);

        var threshold = Check(report, "threshold");
        Assert.Equal("fail", threshold.GetProperty("status").GetString());
        Assert.True(threshold.GetProperty("findings")[0].GetProperty("subjects").GetInt64() < 10);
    }

    [Fact]
    public void DatasetReimportedAfterTheJob_EvidenceIsNotMeasuredOnTheNewData_AndNothingPasses()
    {
        var (job, output) = Run("by_district: select district, count(*) as n from enterprise_registry group by district");
        // The same table, other rows: a measurement on it would describe data the output was not computed from.
        var (enterprises, _) = SyntheticCity.Write(Path.Combine(_home.Root, "inputs-2"), 800, 10);
        _home.Ok("dataset", "import", enterprises, "--name", "enterprise_registry", "--subject", "uscc", "--replace");
        Run("warm: select count(*) as n from enterprise_registry"); // builds the new version's materialization, removing the old

        var (code, stdout, err) = _home.Run("export", "request", job, "by_district", "--json");

        Assert.True(code is 0 or 1, err);
        // Without evidence the counts of 400 enterprises in 11 districts would pass on their face: the gate asks a reviewer.
        var threshold = Check(JsonDocument.Parse(stdout).RootElement, "threshold");
        Assert.NotEqual("pass", threshold.GetProperty("status").GetString());
        Assert.True(stdout.Contains("the masked data the job read is gone", StringComparison.Ordinal), stdout);
        Assert.False(File.Exists(EvidenceOf(output)));
    }

    [Fact]
    public void ConcurrentRequests_OfOneOutput_AgreeAndLeaveOneWholeFile()
    {
        var (job, output) = Run("by_district: select district, count(*) as n from enterprise_registry group by district");

        var verdicts = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => Request(job, "by_district", 0).GetProperty("verdict").GetString()).ToList();

        Assert.All(verdicts, v => Assert.Equal(verdicts[0], v));
        Assert.True(File.Exists(EvidenceOf(output)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.partial"));
    }

    [Fact]
    public async Task Request_ThroughTheRealCli_SaysOnStderrWhileItMeasures_InEnglishAndChinese_StdoutTheJsonOnly()
    {
        var (job, _) = Run("by_district: select district, count(*) as n from enterprise_registry group by district");
        string[] request = ["--as", TestHome.Analyst, "export", "request", job, "by_district", "--json", "--home", _home.Root];

        var (code, stdout, err) = await Cli.SandboxProcess.RunAsync(request);

        Assert.True(code == 0, err);
        Assert.Equal("pass", Check(JsonDocument.Parse(stdout).RootElement, "threshold").GetProperty("status").GetString());
        Assert.Contains($"measuring the subjects behind output by_district of job {job} (at its first export request, then kept)", err);
        Assert.Matches(@"measured the subjects behind output by_district in \d+\.\d s\n", err);
        Assert.True(err.IndexOf("measuring", StringComparison.Ordinal) < err.IndexOf("measured ", StringComparison.Ordinal), err);

        // Measured once: a second request has nothing to measure, and says nothing of it.
        (code, _, err) = await Cli.SandboxProcess.RunAsync(request);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("measur", err);

        var (other, _) = Run("by_district: select district, count(*) as n from enterprise_registry group by district");
        (code, stdout, err) = await Cli.SandboxProcess.RunAsync(["--lang", "zh-CN", "--as", TestHome.Analyst, "export", "request", other, "by_district", "--home", _home.Root]);
        Assert.True(code == 0, err);
        Assert.Contains($"正在测算作业 {other} 的输出 by_district 涉及的对象数", err);
        Assert.Matches(@"已测算输出 by_district 涉及的对象数，用时 \d+\.\d 秒\n", err);
        Assert.DoesNotContain("measur", err);
        Assert.DoesNotContain("测算", stdout);
    }
}
