using System.Text.Json;

namespace Sandbox.Host.Tests.Exports;

/// <summary>Issue 12, second pass: the round-one attacks, run as users ran them, each stopped automatically.</summary>
public sealed class GateListingAttackTests : IClassFixture<GateListingAttackTests.City>
{
    // 23 characters of each resident's token, each summed alone over a group of one row.
    private static readonly string AsciiColumns = string.Join(", ",
        Enumerable.Range(1, 23).Select(k => $"sum(ascii(substr(resident_id, {k}, 1))) as c{k}"));

    public sealed class City : IDisposable
    {
        public City()
        {
            // The credit grant, widened to the residents' names and mobiles (with consent), as in round one.
            var grant = TestHome.GrantText("nj-credit-2026.yaml")
                .Replace("columns: [resident_id, district, birth_date, gender]", "columns: [resident_id, name, mobile, district, birth_date, gender]", StringComparison.Ordinal)
                .Replace("columns: [resident_id, birth_date]", "columns: [resident_id, name, mobile, birth_date]", StringComparison.Ordinal);
            var path = Path.Combine(Home.Root, "nj-credit-2026.yaml");
            File.WriteAllText(path, grant);
            Home.Ok("policy", "apply", path);
            var job = Home.Job("nj-credit-2026",
                "names: select name, birth_date from residents",
                "contacts: select name, mobile, district, birth_date from residents limit 4000",
                // A hidden key of one row per group (the table is read in place: no rowid, so the subject itself).
                $"ascii_token: select district, {AsciiColumns} from residents group by district, resident_id",
                "reversed: select district, reverse(resident_id) as r from residents",
                "cut: select district, substr(resident_id, 4) as r from residents");
            JobId = JsonDocument.Parse(Home.Ok("job", "run", "--wait", job, "--json")).RootElement.GetProperty("id").GetString()!;
        }

        public TestHome Home { get; } = ExportHome.Create(enterprises: 100, residents: 300);

        public string JobId { get; }

        public void Dispose() => Home.Dispose();
    }

    private readonly City _city;

    public GateListingAttackTests(City city) => _city = city;

    private JsonElement Request(string output)
    {
        var (code, stdout, err) = _city.Home.Run("export", "request", _city.JobId, output, "--json");
        Assert.True(code == 1, $"exit {code}: {err}{stdout}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static string Status(JsonElement json, string rule) =>
        json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == rule).GetProperty("status").GetString()!;

    [Theory]
    [InlineData("names")]
    [InlineData("contacts")]
    public void Request_ListingOfMaskedPersonalData_FailsPiiAndRowLevel(string output)
    {
        var json = Request(output);

        Assert.Equal("fail", json.GetProperty("verdict").GetString());
        Assert.Equal("fail", Status(json, "pii"));
        Assert.Equal("fail", Status(json, "row-level"));
        Assert.DoesNotContain("*", json.GetRawText(), StringComparison.Ordinal); // no masked value is repeated
    }

    [Fact]
    public void Request_TokenCharactersSummedPerRow_FailsThresholdThroughTheHiddenKey()
    {
        var json = Request("ascii_token");

        Assert.Equal("fail", Status(json, "threshold"));
        var finding = json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == "threshold").GetProperty("findings")[0];
        Assert.Equal(1, finding.GetProperty("subjects").GetInt64());
    }

    [Theory]
    [InlineData("reversed")]
    [InlineData("cut")]
    public void Request_TransformedTokens_FailTokenLeak(string output)
    {
        var json = Request(output);

        Assert.Equal("fail", Status(json, "token-leak"));
    }

    [Fact]
    public void Request_Text_PrintsEveryFlaggedCellByPageOrAll()
    {
        var (_, paged, _) = _city.Home.Run("export", "request", _city.JobId, "names");
        var (_, all, _) = _city.Home.Run("export", "request", _city.JobId, "names", "--all");

        Assert.Contains("      row 1, column name", paged, StringComparison.Ordinal);
        Assert.Contains("more (--all prints every cell", paged, StringComparison.Ordinal);
        Assert.DoesNotContain("more (--all prints every cell", all, StringComparison.Ordinal);
        Assert.Contains("      row 300, column name", all, StringComparison.Ordinal);
        Assert.DoesNotContain("*", all, StringComparison.Ordinal);
    }
}
