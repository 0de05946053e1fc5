using System.Text.Json;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Governance.Supervision;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Tests.Governance.Supervision;

/// <summary>Security monitoring (seed §12–13): rules over the audit log and the jobs raise stored, audited alerts once.</summary>
public sealed class MonitorTests
{
    [Fact]
    public void Run_FiveRefusedJobsWithinTenMinutes_RaisesOneSuspendAlertOnlyOnce()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var job = home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(2, home.Run("--as", "harbor-analyst", "job", "run", "--wait", job).Code);
            home.Time.Advance(TimeSpan.FromMinutes(2));
        }
        Assert.Empty(Alerts(home));

        Assert.Equal(2, home.Run("--as", "harbor-analyst", "job", "run", "--wait", job).Code);
        var alert = Assert.Single(Alerts(home));
        Assert.Equal("refusal-burst", alert.GetProperty("rule").GetString());
        Assert.Equal("harbor-analyst", alert.GetProperty("actor").GetString());
        Assert.Equal("suspend", alert.GetProperty("recommendation").GetString());
        Assert.Equal(5, alert.GetProperty("evidence").GetProperty("auditSeqs").GetArrayLength());
        Assert.Equal(["nj-credit-2026"], alert.GetProperty("evidence").GetProperty("grants").EnumerateArray().Select(g => g.GetString()));

        Assert.Empty(Alerts(home));
        Assert.Single(JsonDocument.Parse(home.Ok("monitor", "list", "--json")).RootElement.EnumerateArray());
        Assert.Contains("alert.raise", home.Ok("audit", "show"));

        // Dealt with once, with a note, by the governance center; an operator may not.
        var id = alert.GetProperty("id").GetString()!;
        Assert.Equal(1, home.Run("--as", "harbor-analyst", "monitor", "ack", id, "--note", "nothing to see").Code);
        home.Ok("--as", "gov-reviewer", "monitor", "ack", id, "--note", "grant suspended pending an interview");
        Assert.Contains("acknowledged by gov-reviewer", home.Ok("monitor", "list"));
        Assert.Contains("acknowledged already", home.Run("--as", "bureau-officer", "monitor", "ack", id, "--note", "again").Err);
        Assert.Contains("alert.acknowledge", home.Ok("audit", "show"));
    }

    [Fact]
    public void Run_TwoJobsDifferingByOneExtraConjunct_RaisesADifferencingAlert()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 40);
        home.Ok("--as", "zijin-analyst", "job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents where gender = '男'"));
        home.Ok("--as", "zijin-analyst", "job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n, min(birth_date) as b from residents where gender = '男'"));
        Assert.Empty(Alerts(home));

        home.Ok("--as", "zijin-analyst", "job", "run", "--wait", home.Job("nj-credit-2026", "m: select count(*) as n from residents where gender = '男' and district = '玄武区'"));
        var alert = Assert.Single(Alerts(home));
        Assert.Equal("differencing", alert.GetProperty("rule").GetString());
        Assert.Equal("suspend", alert.GetProperty("recommendation").GetString());
        Assert.Contains("one extra WHERE conjunct", alert.GetProperty("message").GetString());
        Assert.Equal(2, alert.GetProperty("evidence").GetProperty("jobs").GetArrayLength());
    }

    [Fact]
    public void Run_ByAnOperator_IsRefused()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, _, err) = home.Run("--as", "zijin-analyst", "monitor", "run");
        Assert.Equal(1, code);
        Assert.Contains("needs role", err);
    }

    [Theory]
    [InlineData("select count(*) from t where a = 1", "select count(*) from t where a = 2", "one WHERE constant (1 vs 2)")]
    [InlineData("select count(*) from t where a = 1 and b < 'x'", "select count(*) from t where a = 1 and b < 'y'", "one WHERE constant (\"x\" vs \"y\")")]
    [InlineData("select count(*) from t where a = 1", "select count(*) from t where a = 1 and b = 2", "one extra WHERE conjunct")]
    [InlineData("select count(*) from t", "select count(*) from t where b = 2", "one extra WHERE conjunct")]
    [InlineData("select sum(x) from t where a = 1 and b = 2 and c = 3", "select sum(x) from t where a = 1 and c = 3", "one extra WHERE conjunct")]
    [InlineData("select count(*) from t where a = 1", "select count(*) from t where a = 1", null)]
    [InlineData("select count(*) from t where a = 1 and b = 1", "select count(*) from t where a = 2 and b = 2", null)]
    [InlineData("select count(*) from t where a = 1", "select sum(x) from t where a = 2", null)]
    [InlineData("select count(*) from t where a = 1", "select count(*) from t where a = 1 or b = 2", null)]
    [InlineData("select count(*) from t where a = 1", "select count(*) from u where a = 1 and b = 2", null)]
    public void Compare_TwoStatements_FindsOnlyAOneFilterDifference(string a, string b, string? expected)
    {
        var difference = QueryDifference.Compare(Ast(a), Ast(b));
        Assert.Equal(expected, difference);
    }

    [Fact]
    public void FailedExports_ThreeFailVerdictsOnOneDay_RaiseOneAlert()
    {
        var at = new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);
        AuditEntry Entry(long seq, string verdict, int hours) =>
            new(seq, at.AddHours(hours), "zijin-analyst", "export.request", $"exp-{seq}", $$"""{"verdict":"{{verdict}}"}""", "", "");
        Assert.Empty(MonitorRules.FailedExports([Entry(1, "fail", 0), Entry(2, "pass", 1), Entry(3, "fail", 2)]));
        var alert = Assert.Single(MonitorRules.FailedExports([Entry(1, "fail", 0), Entry(2, "fail", 1), Entry(3, "review", 2), Entry(4, "fail", 3)]));
        Assert.Equal([1L, 2L, 4L], alert.Evidence.AuditSeqs);
        // The next day's failures (Beijing time) count apart.
        Assert.Empty(MonitorRules.FailedExports([Entry(1, "fail", 0), Entry(2, "fail", 1), Entry(3, "fail", 24)]));
    }

    [Fact]
    public void JobsHittingLimits_KilledJob_RaisesAReviewAlert()
    {
        var at = new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);
        JobRecord Job(string id, JobState state) => new(id, "nj-credit-2026", "sql", new JobSpec { Grant = "nj-credit-2026", Kind = "sql" }, state, 137, "ran past its timeout", "inprocess", "zijin-analyst", at, at, []);
        AuditEntry Entry(long seq, string action, string job) => new(seq, at, "zijin-analyst", action, job, "{}", "", "");
        var audit = new[] { Entry(1, "job.finish", "job-1"), Entry(2, "job.finish", "job-2"), Entry(3, "job.kill", "job-3") };

        // job-3 was killed because its grant was stopped: that is no limit.
        var alert = Assert.Single(MonitorRules.JobsHittingLimits(audit, [Job("job-1", JobState.Succeeded), Job("job-2", JobState.Killed), Job("job-3", JobState.Killed)]));
        Assert.Equal(("job-limits", "review", "job-limits:job-2"), (alert.Rule, alert.Recommendation, alert.Fingerprint));
        Assert.Equal([2L], alert.Evidence.AuditSeqs);
    }

    [Fact]
    public void RefusalBursts_QueuedJobsRefusedByAGrantStop_AreNoBurst()
    {
        var at = new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);
        var jobs = Enumerable.Range(1, 5)
            .Select(i => new JobRecord($"job-{i}", "nj-credit-2026", "sql", new JobSpec { Grant = "nj-credit-2026", Kind = "sql" }, JobState.Failed, 1, "r", "inprocess", "zijin-analyst", at, at, [])).ToList();
        var refusals = jobs.Select((j, i) => new AuditEntry(i + 1, at.AddSeconds(i), "bureau-officer", "job.refuse", j.Id, "{}", "", "")).ToList();
        Assert.Empty(MonitorRules.RefusalBursts(refusals, jobs));
        Assert.Single(MonitorRules.RefusalBursts([.. refusals.Select(e => e with { Actor = "zijin-analyst" })], jobs));
    }

    private static List<JsonElement> Alerts(TestHome home) =>
        [.. JsonDocument.Parse(home.Ok("--as", "bureau-officer", "monitor", "run", "--json")).RootElement.EnumerateArray()];

    private static string Ast(string sql) => Sandbox.Policy.Queries.SqlStatement.Parse(sql).Ast.ToJsonString();
}
