using System.Text.Json;
using DuckDB.NET.Data;

namespace Sandbox.Host.Tests.Dummy;

/// <summary>
/// The synthetic city (200 enterprises, so a few industries are held by fewer than 10 of them; 600 residents, so some
/// birth years are rare too) and zijin-analyst's dummy workspace for grant nj-credit-2026, made once through the CLI.
/// </summary>
public sealed class DummyCity : IDisposable
{
    public DummyCity()
    {
        Home = new TestHome().WithCity(enterprises: 200, residents: 600);
        Directory = Path.Combine(Path.GetTempPath(), "sandbox-dummy-" + Guid.NewGuid().ToString("N")[..12]);
        GenerateOutput = Home.Ok("dummy", "nj-credit-2026", "--out", Directory);
        Manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "dummy.json"))).RootElement.Clone();
    }

    public TestHome Home { get; }
    public string Directory { get; }
    public string GenerateOutput { get; }
    public JsonElement Manifest { get; }

    /// <summary>The export threshold the dummy data was made under.</summary>
    public int Threshold => Manifest.GetProperty("threshold").GetInt32();

    /// <summary>The provider's raw files the bureau imported: the real dataset's values, every column as text.</summary>
    public string RawFile(string table) => Path.Combine(Home.Root, "inputs", table + ".csv");

    /// <summary>The grant's masked table (what a job of the grant reads).</summary>
    public string MaskedFile(string table) =>
        System.IO.Directory.GetFiles(Path.Combine(Home.Root, "materialized", "nj-credit-2026"), table + ".*.parquet").Single();

    /// <summary>Runs one query on a fresh DuckDB and returns every row, every value as text (null for NULL).</summary>
    public static List<string?[]> Query(string sql)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }
        return rows;
    }

    public static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        Home.Dispose();
    }
}
