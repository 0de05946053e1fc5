using System.Text.Json;

namespace Sandbox.Host.Tests.Exports;

public sealed class ExportFlowTests : IClassFixture<ExportFlowTests.City>
{
    public sealed class City() : ExportCity(
        "by_district: select district, count(*) as enterprises from enterprise_registry group by district",
        "by_industry: select district, industry, count(*) as enterprises from enterprise_registry group by district, industry",
        "peek: select legal_rep_id, legal_rep_mobile from enterprise_registry limit 20");

    private readonly TestHome _home;
    private readonly string _job;

    public ExportFlowTests(City city)
    {
        _home = city.Home;
        _job = city.JobId;
    }

    private JsonElement Request(string output, int expectedCode)
    {
        var (code, stdout, err) = _home.Run("--as", "zijin-analyst", "export", "request", _job, output, "--json");
        Assert.True(code == expectedCode, $"exit {code}: {err}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact]
    public void Request_SafeCounts_PassesWithContractJson()
    {
        var json = Request("by_district", 0);
        Assert.StartsWith("exp-", json.GetProperty("id").GetString());
        Assert.Equal("pass", json.GetProperty("verdict").GetString());
        foreach (var check in json.GetProperty("checks").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, check.GetProperty("rule").ValueKind);
            Assert.Contains(check.GetProperty("status").GetString(), new[] { "pass", "review", "fail" });
            Assert.Equal(JsonValueKind.String, check.GetProperty("detail").ValueKind);
            Assert.Equal(JsonValueKind.Array, check.GetProperty("cells").ValueKind);
        }
    }

    [Fact]
    public void Request_SmallCells_FailsThresholdNamingCells()
    {
        var json = Request("by_industry", 1);
        Assert.Equal("fail", json.GetProperty("verdict").GetString());
        var threshold = json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == "threshold");
        Assert.Equal("fail", threshold.GetProperty("status").GetString());
        Assert.NotEmpty(threshold.GetProperty("cells").EnumerateArray());
    }

    [Fact]
    public void Request_MaskedListing_FailsOnLeakedTokensWithoutPrintingThem()
    {
        var json = Request("peek", 1);
        Assert.Equal("fail", json.GetProperty("verdict").GetString());
        Assert.Contains(json.GetProperty("checks").EnumerateArray(), c => c.GetProperty("rule").GetString() == "token-leak" && c.GetProperty("status").GetString() == "fail");
        Assert.DoesNotMatch("tk_[a-z2-7]{20}", json.GetRawText());
    }

    [Fact]
    public void ReviewAndRelease_TwoDistinctReviewers_WritesABundleThatVerifies()
    {
        var id = Request("by_district", 0).GetProperty("id").GetString()!;

        var (selfCode, _, selfErr) = _home.Run("--as", "zijin-analyst", "export", "review", id, "--stage", "technical", "--approve", "--note", "mine");
        Assert.Equal(1, selfCode);
        Assert.Contains("may not review exports", selfErr);

        var (earlyCode, _, _) = _home.Run("export", "release", id);
        Assert.Equal(1, earlyCode);

        _home.Ok("--as", "gov-reviewer", "export", "review", id, "--stage", "technical", "--approve", "--note", "aggregate only");
        var (sameCode, _, _) = _home.Run("--as", "gov-reviewer", "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "again");
        Assert.Equal(1, sameCode);
        _home.Ok("--as", "expert-reviewer", "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "fit for release");

        var to = Path.Combine(_home.Root, "released-" + id);
        _home.Ok("export", "release", id, "--to", to);
        var bundle = Directory.GetDirectories(to).Single();
        Assert.True(File.Exists(Path.Combine(bundle, "manifest.json")));
        Assert.True(File.Exists(Path.Combine(bundle, "manifest.sig")));
        Assert.True(File.Exists(Path.Combine(bundle, "by_district.csv")));
        _home.Ok("export", "verify", bundle);

        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "manifest.json"))).RootElement;
        Assert.Equal(_job, manifest.GetProperty("jobId").GetString());
        Assert.Equal("nj-credit-2026", manifest.GetProperty("grantId").GetString());
        Assert.Equal(2, manifest.GetProperty("reviews").GetArrayLength());
        Assert.Single(manifest.GetProperty("datasets").EnumerateArray());

        // Offline, on a copy, with the published key only.
        var publicKey = JsonDocument.Parse(_home.Ok("keys", "show", "--json")).RootElement.GetProperty("publicKey").GetString()!;
        var copy = Path.Combine(Path.GetTempPath(), "bundle-copy-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(copy);
            foreach (var f in Directory.GetFiles(bundle)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
            _home.Ok("export", "verify", copy, "--public-key", publicKey);

            var data = Path.Combine(copy, "by_district.csv");
            var bytes = File.ReadAllBytes(data);
            bytes[^2] ^= 1;
            File.WriteAllBytes(data, bytes);
            var (code, _, err) = _home.Run("export", "verify", copy, "--public-key", publicKey);
            Assert.Equal(1, code);
            Assert.Contains("by_district.csv", err);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Check_File_KeepsContractJsonAndReviewsWithoutCountEvidence()
    {
        var file = Path.Combine(_home.Root, "free.csv");
        File.WriteAllText(file, "district,n\n玄武区,25\n秦淮区,31\n");
        var (code, stdout, _) = _home.Run("export", "check", file, "--json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("review", json.GetProperty("verdict").GetString());
        Assert.Equal("free.csv", json.GetProperty("id").GetString());
    }
}
