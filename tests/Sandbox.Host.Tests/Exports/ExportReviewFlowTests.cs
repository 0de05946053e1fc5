using System.Text.Json;

namespace Sandbox.Host.Tests.Exports;

/// <summary>SQL jobs whose outputs pass, fail and need review, through both review stages, release and verification.</summary>
public sealed class ExportReviewFlowTests : IClassFixture<ExportReviewFlowTests.City>
{
    public sealed class City() : ExportCity(
        "by_district: select district, count(*) as enterprises from enterprise_registry group by district",
        "by_industry: select district, industry, count(*) as enterprises from enterprise_registry group by district, industry",
        "by_uscc: select uscc as code, count(*) as n from enterprise_registry group by uscc",
        "nested: select district, sum(n) as n from (select district, industry, count(*) as n from enterprise_registry group by district, industry) s group by district");

    private readonly TestHome _home;
    private readonly string _job;

    public ExportReviewFlowTests(City city)
    {
        _home = city.Home;
        _job = city.JobId;
    }

    private const string Analyst = "zijin-analyst";
    private const string Governance = "gov-reviewer";
    private const string Expert = "expert-reviewer";
    private const string Bureau = "bureau-officer";

    private JsonElement Request(string output, int expectedCode, params string[] extra)
    {
        var (code, stdout, err) = _home.Run(["--as", Analyst, "export", "request", _job, output, "--json", .. extra]);
        Assert.True(code == expectedCode, $"exit {code}: {err}{stdout}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static JsonElement Rule(JsonElement report, string rule) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == rule);

    private string Review(string who, string id, string stage, string action, string note = "checked the aggregates") =>
        _home.Ok("--as", who, "export", "review", id, "--stage", stage, "--" + action, "--note", note);

    private string Refused(string reason, params string[] args)
    {
        var (code, stdout, err) = _home.Run(args);
        Assert.True(code == 1, $"expected a refusal, got exit {code}: {stdout}{err}");
        Assert.True(err.Contains(reason, StringComparison.Ordinal), $"expected '{reason}' in: {err}");
        return err;
    }

    private JsonElement Show(string id) => JsonDocument.Parse(_home.Ok("export", "show", id, "--json")).RootElement;

    [Fact]
    public void Request_EvidenceCarryingCounts_PassThresholdExactly()
    {
        var json = Request("by_district", 0);

        Assert.Equal("pass", json.GetProperty("verdict").GetString());
        Assert.Contains("enterprise_registry.uscc", Rule(json, "threshold").GetProperty("detail").GetString());
        Assert.Equal("pass", Rule(json, "dominance").GetProperty("status").GetString());
    }

    [Fact]
    public void Request_GroupByOnTheSubject_FailsThresholdAndRowLevel()
    {
        var json = Request("by_uscc", 1);

        Assert.Equal("fail", Rule(json, "threshold").GetProperty("status").GetString());
        Assert.Equal("fail", Rule(json, "row-level").GetProperty("status").GetString());
    }

    [Fact]
    public void Request_ShapeWithoutEvidence_NeedsReviewSayingWhy()
    {
        var json = Request("nested", 0);

        Assert.Equal("review", json.GetProperty("verdict").GetString());
        var threshold = Rule(json, "threshold");
        Assert.Equal("review", threshold.GetProperty("status").GetString());
        Assert.Contains("subquery", threshold.GetProperty("detail").GetString());
    }

    [Fact]
    public void Request_Suppressed_IsANewFileAtBestReviewAndKeepsTheUnmitigatedResult()
    {
        var json = Request("by_industry", 0, "--mitigate", "suppress");
        var id = json.GetProperty("id").GetString()!;

        Assert.Equal("review", json.GetProperty("verdict").GetString());
        Assert.Equal("review", Rule(json, "mitigation").GetProperty("status").GetString());
        Assert.Equal("pass", Rule(json, "threshold").GetProperty("status").GetString());
        var shown = Show(id);
        Assert.Equal("suppress", shown.GetProperty("mitigation").GetString());
        Assert.Equal("fail", shown.GetProperty("unmitigatedVerdict").GetString());
        Assert.Contains("export.request", _home.Ok("audit", "show"));
    }

    [Fact]
    public void FullFlow_FailOverriddenWithJustification_ReleasesARegisteredBundleThatVerifiesOffline()
    {
        var id = Request("by_industry", 1).GetProperty("id").GetString()!;
        Review(Governance, id, "technical", "approve", "small cells are published industry totals, justified");
        Refused("justification", "--as", Expert, "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "ok");
        Review(Expert, id, "comprehensive", "approve", "agreed with the governance center's justification");

        var to = Path.Combine(_home.Root, "released-" + id);
        _home.Ok("export", "release", id, "--to", to, "--product", "南京中小企业行业分布");
        var bundle = Directory.GetDirectories(to).Single();
        _home.Ok("export", "verify", bundle);

        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "manifest.json"))).RootElement;
        Assert.Equal(64, manifest.GetProperty("exportPolicySha256").GetString()!.Length);
        Assert.Equal(2, manifest.GetProperty("reviews").GetArrayLength());
        Assert.Contains(manifest.GetProperty("checks").GetProperty("checks").EnumerateArray(), c => c.GetProperty("rule").GetString() == "dominance");
        var registration = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "registration.json"))).RootElement;
        Assert.Equal("南京中小企业行业分布", registration.GetProperty("productName").GetString());
        Assert.Equal("zijin-credit", registration.GetProperty("operatorId").GetString());
        Assert.Equal(manifest.GetProperty("releaseId").GetString(), registration.GetProperty("releaseId").GetString());
        Assert.Equal("enterprise_registry", registration.GetProperty("sources")[0].GetProperty("name").GetString());

        // A registration edited after release no longer verifies.
        File.WriteAllText(Path.Combine(bundle, "registration.json"), File.ReadAllText(Path.Combine(bundle, "registration.json")).Replace("南京", "北京"));
        var (code, _, err) = _home.Run("export", "verify", bundle);
        Assert.Equal(1, code);
        Assert.Contains("registration.json", err);
    }

    [Fact]
    public void Transitions_EveryForbiddenOne_IsRefusedWithTheReason()
    {
        var id = Request("by_district", 0).GetProperty("id").GetString()!;

        Refused("zijin-analyst may not review exports", "--as", Analyst, "export", "review", id, "--stage", "technical", "--approve", "--note", "mine");
        Refused("needs the governance role", "--as", Expert, "export", "review", id, "--stage", "technical", "--approve", "--note", "x");
        Refused("needs an export that is technically approved", "--as", Expert, "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "x");
        Refused("not foreign", "--as", Expert, "export", "review", id, "--stage", "cross-border", "--approve", "--note", "x");
        Refused("Only an approved export can be released", "export", "release", id);
        Refused("note must say why", "--as", Governance, "export", "review", id, "--stage", "technical", "--return", "--note", " ");
        Refused("Only an export returned for changes", "--as", Analyst, "export", "resubmit", id);
        Refused("gov-reviewer may not withdraw or resubmit this export", "--as", Governance, "export", "withdraw", id);

        Review(Governance, id, "technical", "approve");
        Refused("needs the expert or bureau role", "--as", Governance, "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "x");

        // Returned: no review until resubmitted, only by the requester; then the reviews start over.
        Review(Bureau, id, "comprehensive", "return", "add the industry breakdown note");
        Refused("cannot be reviewed until its requester resubmits", "--as", Governance, "export", "review", id, "--stage", "technical", "--approve", "--note", "x");
        Refused("gov-reviewer may not withdraw or resubmit this export", "--as", Governance, "export", "resubmit", id);
        _home.Ok("--as", Analyst, "export", "resubmit", id);
        Assert.Equal("checked", Show(id).GetProperty("state").GetString());
        Assert.Equal(2, Show(id).GetProperty("round").GetInt32());
        Refused("needs an export that is technically approved", "--as", Expert, "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "x");

        _home.Ok("--as", Analyst, "export", "withdraw", id);
        Refused("withdrawn and can no longer be reviewed", "--as", Governance, "export", "review", id, "--stage", "technical", "--approve", "--note", "x");
        Refused("can no longer be withdrawn", "--as", Analyst, "export", "withdraw", id);
        Assert.Contains("review.refused", _home.Ok("audit", "show"));
    }

    [Fact]
    public void Review_FileChangedAfterCheck_ResetsItsReviews()
    {
        var job = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job("nj-credit-2026",
            "changing: select district, count(*) as enterprises from enterprise_registry group by district"), "--json")).RootElement.GetProperty("id").GetString()!;
        var id = JsonDocument.Parse(_home.Ok("--as", Analyst, "export", "request", job, "changing", "--json")).RootElement.GetProperty("id").GetString()!;
        Review(Governance, id, "technical", "approve");
        var path = Path.Combine(_home.Root, "out", job, "changing.csv");
        Assert.True(File.Exists(path), path);
        File.AppendAllText(path, "外区,30\n");

        Refused("reviews were reset", "--as", Expert, "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "fine");

        var shown = Show(id);
        Assert.Equal("checked", shown.GetProperty("state").GetString());
        Assert.Equal("review", Rule(shown, "threshold").GetProperty("status").GetString()); // the new row has no evidence
        Refused("needs an export that is technically approved", "--as", Expert, "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "x");
    }

    [Fact]
    public void ForeignOperator_NeedsCrossBorderApproval_AndItsGrantTightensTheLimits()
    {
        // A foreign-funded operator's grant, whose own export limits raise k beyond every district's size.
        var policies = Path.Combine(_home.Root, "policies-overseas");
        Directory.CreateDirectory(Path.Combine(policies, "grants"));
        File.WriteAllText(Path.Combine(policies, "grants", "overseas-2026.yaml"), TestHome.GrantText("nj-credit-2026.yaml")
            .Replace("id: nj-credit-2026", "id: overseas-2026").Replace("foreign: false", "foreign: true") + "export: { threshold: 401 }\n");
        _home.Ok("policy", "apply", Path.Combine(policies, "grants"));
        var job = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job("overseas-2026",
            "by_district: select district, count(*) as enterprises from enterprise_registry group by district"), "--json")).RootElement.GetProperty("id").GetString()!;
        var (code, stdout, _) = _home.Run("--as", Analyst, "export", "request", job, "by_district", "--json");
        Assert.Equal(1, code);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Contains("fewer than 401", Rule(json, "threshold").GetProperty("detail").GetString());
        var id = json.GetProperty("id").GetString()!;
        const string Why = "district totals are already published by the statistics bureau";

        Review(Governance, id, "technical", "approve", Why);
        Review(Bureau, id, "comprehensive", "approve", Why);
        Assert.Equal("comprehensive-approved", Show(id).GetProperty("state").GetString());
        Refused("Only an approved export can be released", "export", "release", id);
        Refused("needs the expert role", "--as", Bureau, "export", "review", id, "--stage", "cross-border", "--approve", "--note", Why);
        Review(Expert, id, "cross-border", "approve", Why);
        Assert.Equal("approved", Show(id).GetProperty("state").GetString());
        var to = Path.Combine(_home.Root, "released-" + id);
        _home.Ok("export", "release", id, "--to", to);
        var registration = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory.GetDirectories(to).Single(), "registration.json"))).RootElement;
        Assert.True(registration.GetProperty("operatorForeign").GetBoolean());
    }

    [Fact]
    public void Apply_GrantLooseningAnExportLimit_IsBadInputNamingFileLineAndFieldAndStoresNothing()
    {
        var policies = Path.Combine(_home.Root, "policies-loose");
        Directory.CreateDirectory(Path.Combine(policies, "grants"));
        var text = TestHome.GrantText("nj-credit-2026.yaml").Replace("id: nj-credit-2026", "id: loose-2026");
        var file = Path.Combine(policies, "grants", "loose-2026.yaml");
        File.WriteAllText(file, text + "export:\n  # looser\n  threshold: 3\n  dominance: { nk: 95 }\n");
        var line = text.Split('\n').Length + 2;

        var (code, _, err) = _home.Run("policy", "apply", Path.Combine(policies, "grants"));

        Assert.Equal(2, code);
        Assert.Contains($"loose-2026.yaml:{line}: export.threshold: 3 would loosen the default of 10", err);
        Assert.Contains($"loose-2026.yaml:{line + 1}: export.dominance.nk", err);
        Assert.DoesNotContain("loose-2026", _home.Ok("grant", "list"));
    }

    [Fact]
    public void Apply_ExportLimitsInTheOlderSeparateFile_AreRefusedSoTheyAreNeverMistakenForLimitsInForce()
    {
        var policies = Path.Combine(_home.Root, "policies-legacy");
        Directory.CreateDirectory(Path.Combine(policies, "grants"));
        Directory.CreateDirectory(Path.Combine(policies, "export", "grants"));
        File.WriteAllText(Path.Combine(policies, "grants", "legacy-2026.yaml"), TestHome.GrantText("nj-credit-2026.yaml").Replace("id: nj-credit-2026", "id: legacy-2026"));
        File.WriteAllText(Path.Combine(policies, "export", "grants", "legacy-2026.yaml"), "threshold: 20\n");

        var (code, _, err) = _home.Run("policy", "apply", Path.Combine(policies, "grants"));

        Assert.Equal(2, code);
        Assert.Contains("a grant's export limits now live in its own document, under export:", err);
    }

    [Fact]
    public void Request_AfterTheGrantsFolderChanged_UsesTheLimitsAppliedNotTheFileOnDisk()
    {
        var policies = Path.Combine(_home.Root, "policies-applied");
        Directory.CreateDirectory(Path.Combine(policies, "grants"));
        var file = Path.Combine(policies, "grants", "applied-2026.yaml");
        var text = TestHome.GrantText("nj-credit-2026.yaml").Replace("id: nj-credit-2026", "id: applied-2026");
        File.WriteAllText(file, text + "export: { threshold: 401 }\n");
        _home.Ok("policy", "apply", Path.Combine(policies, "grants"));
        // Someone edits the document after it was applied: the limits in force do not move until it is applied again.
        File.WriteAllText(file, text + "export: { threshold: 11 }\n");
        var job = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job("applied-2026",
            "by_district: select district, count(*) as enterprises from enterprise_registry group by district"), "--json")).RootElement.GetProperty("id").GetString()!;

        var (_, stdout, _) = _home.Run("--as", Analyst, "export", "request", job, "by_district", "--json");

        Assert.Contains("fewer than 401", Rule(JsonDocument.Parse(stdout).RootElement, "threshold").GetProperty("detail").GetString());
    }
}
