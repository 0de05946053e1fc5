using System.Text.Json;
using DuckDB.NET.Data;

namespace Sandbox.Host.Tests.Datasets;

/// <summary>Issue 13: the bureau corrects a column's classification, audited; grants and masking follow it.</summary>
public sealed class DatasetClassifyTests
{
    [Fact]
    public void Classify_Bureau_OverridesTheColumnAndAuditsTheReason()
    {
        using var home = new TestHome().WithCity(enterprises: 60, residents: 30);

        home.Ok("dataset", "classify", "enterprise_registry", "industry", "--entity", "none", "--level", "4", "--reason", "industry codes identify sole traders here");

        var column = Column(home, "enterprise_registry", "industry");
        Assert.Equal(4, column.GetProperty("level").GetInt32());
        Assert.Equal(JsonValueKind.Null, column.GetProperty("entity").ValueKind);
        var audit = home.Ok("audit", "show", "--json");
        Assert.Contains("dataset.classify", audit);
        Assert.Contains("sole traders", audit);
    }

    [Fact]
    public void Classify_Analyst_IsForbiddenAndChangesNothing()
    {
        using var home = new TestHome().WithCity(enterprises: 60, residents: 30);

        var (code, _, err) = home.Run("--as", TestHome.Analyst, "dataset", "classify", "enterprise_registry", "industry", "--entity", "none", "--level", "4", "--reason", "x");

        Assert.NotEqual(0, code);
        Assert.NotEmpty(err);
        Assert.Equal(1, Column(home, "enterprise_registry", "industry").GetProperty("level").GetInt32());
    }

    [Theory]
    [InlineData("nope", "industry", "person_name", "3", "NAME")]
    [InlineData("enterprise_registry", "nope", "person_name", "3", "COLUMN")]
    [InlineData("enterprise_registry", "industry", "shoe_size", "3", "--entity")]
    [InlineData("enterprise_registry", "industry", "person_name", "7", "--level")]
    public void Classify_BadInput_NamesTheArgument(string dataset, string column, string entity, string level, string named)
    {
        using var home = new TestHome().WithCity(enterprises: 60, residents: 30);

        var (code, _, err) = home.Run("dataset", "classify", dataset, column, "--entity", entity, "--level", level, "--reason", "r");

        Assert.NotEqual(0, code);
        Assert.Contains(named, err);
    }

    [Fact]
    public void Classify_RaisedColumn_IsMaskedInTheGrantsJobs()
    {
        using var home = new TestHome().WithCity(enterprises: 60, residents: 30);
        home.Ok("dataset", "classify", "enterprise_registry", "name", "--entity", "person_name", "--level", "3", "--reason", "sole proprietorships carry the owner's name");

        var json = JsonDocument.Parse(home.Ok("job", "run", home.Job("nj-credit-2026", "names: select name, count(*) as n from enterprise_registry group by name"), "--wait", "--json")).RootElement;

        var path = json.GetProperty("outputs")[0].GetProperty("path").GetString()!;
        var names = Read(path);
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Matches("^南\\*+$", n));
    }

    private static JsonElement Column(TestHome home, string dataset, string column) =>
        JsonDocument.Parse(home.Ok("dataset", "show", dataset, "--json")).RootElement.GetProperty("columns").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == column);

    private static List<string> Read(string path)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        var reader = path.EndsWith(".csv", StringComparison.Ordinal) ? "read_csv" : "read_parquet";
        command.CommandText = $"SELECT CAST(name AS VARCHAR) FROM {reader}('{path.Replace("'", "''")}')";
        using var r = command.ExecuteReader();
        var values = new List<string>();
        while (r.Read()) values.Add(r.GetString(0));
        return values;
    }
}
