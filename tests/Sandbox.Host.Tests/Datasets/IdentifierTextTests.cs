using System.Text.Json;
using DuckDB.NET.Data;

namespace Sandbox.Host.Tests.Datasets;

/// <summary>Identifiers are text: no type guess rounds, trims or reinterprets them at import or in mask apply.</summary>
public sealed class IdentifierTextTests
{
    private static readonly string[] Cards = ["9558801234567890128", "9558801234567890136", "6225880000000000002", "6225880000000001000"];

    [Fact]
    public void Import_CardsAboveLongRange_RoundTripByteForByteAsLevelFourText()
    {
        using var home = new TestHome();
        var file = Write(home, "cards.csv", "card_holder_ref,card,mobile,code", Cards.Select((c, i) => $"r{i},{c},1391234567{i},00{i}12"));

        var json = JsonDocument.Parse(home.Ok("dataset", "import", file, "--name", "cards", "--json")).RootElement;

        var columns = json.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("VARCHAR", columns["card"].GetProperty("type").GetString());
        Assert.Equal("bank_card", columns["card"].GetProperty("entity").GetString());
        Assert.Equal(4, columns["card"].GetProperty("level").GetInt32());
        Assert.Equal("VARCHAR", columns["mobile"].GetProperty("type").GetString());
        Assert.Equal("VARCHAR", columns["code"].GetProperty("type").GetString());
        var stored = Read(json.GetProperty("path").GetString()!, "card", "code");
        Assert.Equal(Cards, stored.Select(r => r[0]));
        Assert.Equal(["00012", "00112", "00212", "00312"], stored.Select(r => r[1]));
    }

    [Fact]
    public void Import_DecimalWithMoreDigitsThanADouble_IsRefusedNotRounded()
    {
        using var home = new TestHome();
        var file = Write(home, "amounts.csv", "amount", ["1234567890.1234567891", "2.5"]);

        var (code, _, err) = home.Run("dataset", "import", file, "--name", "amounts");

        Assert.Equal(2, code);
        Assert.Contains("amount", err);
        Assert.Contains("rounded", err);
        Assert.Contains("[]", home.Ok("dataset", "list", "--json"));
    }

    [Fact]
    public void Import_PlainCountsAndAmounts_KeepTheirNumberTypes()
    {
        using var home = new TestHome();
        var file = Write(home, "counts.csv", "visits,amount", ["1,2.5", "20,3.75", "300,0.5"]);

        var json = JsonDocument.Parse(home.Ok("dataset", "import", file, "--name", "counts", "--json")).RootElement;

        var types = json.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type").GetString()).ToList();
        Assert.Equal(["BIGINT", "DOUBLE"], types);
    }

    [Fact]
    public void MaskDetect_CardsAboveLongRange_AreLevelFourBankCards()
    {
        using var home = new TestHome();
        var file = Write(home, "cards.csv", "card", Cards);

        var json = JsonDocument.Parse(home.Ok("mask", "detect", file, "--json")).RootElement;

        var card = json.GetProperty("columns")[0];
        Assert.Equal("bank_card", card.GetProperty("entity").GetString());
        Assert.Equal(4, card.GetProperty("level").GetInt32());
    }

    [Fact]
    public void MaskApply_CardsAboveLongRange_TokenizesEveryCardDistinctly()
    {
        using var home = new TestHome();
        var file = Write(home, "cards.csv", "card", Cards);
        var output = Path.Combine(home.Root, "masked.csv");

        home.Ok("mask", "apply", file, "--rules", Path.Combine(TestHome.PoliciesDirectory, "masking", "residents.yaml"), "--out", output);

        var tokens = File.ReadLines(output).Skip(1).ToList();
        Assert.All(tokens, t => Assert.StartsWith("tk_", t));
        Assert.Equal(Cards.Length, tokens.Distinct().Count());
        var masked = File.ReadAllText(output);
        Assert.DoesNotContain("622588", masked);
        Assert.DoesNotContain("955880", masked);
    }

    [Fact]
    public void Import_NumericLookingColumnsOfEveryLength_RoundTripByteForByte()
    {
        // One column per length 1–40: random digit strings, some with leading zeros, some ending in X.
        using var home = new TestHome();
        var random = new Random(13);
        const int Rows = 12;
        var columns = Enumerable.Range(1, 40).Select(length => Enumerable.Range(0, Rows).Select(row =>
        {
            var digits = string.Concat(Enumerable.Range(0, length).Select(_ => (char)('0' + random.Next(10))));
            return row switch
            {
                0 => "0" + digits[1..],
                1 when length > 1 => digits[..^1] + "X",
                _ => digits,
            };
        }).ToArray()).ToArray();
        var file = Write(home, "lengths.csv", string.Join(',', Enumerable.Range(1, 40).Select(l => $"v{l}")),
            Enumerable.Range(0, Rows).Select(row => string.Join(',', columns.Select(c => c[row]))));

        var json = JsonDocument.Parse(home.Ok("dataset", "import", file, "--name", "lengths", "--json")).RootElement;

        var stored = Read(json.GetProperty("path").GetString()!, [.. Enumerable.Range(1, 40).Select(l => $"v{l}")]);
        for (var c = 0; c < 40; c++)
        {
            Assert.Equal(columns[c], stored.Select(r => r[c]));
        }
    }

    internal static string Write(TestHome home, string name, string header, IEnumerable<string> rows)
    {
        var file = Path.Combine(home.Root, name);
        File.WriteAllLines(file, rows.Prepend(header));
        return file;
    }

    internal static List<string[]> Read(string stored, params string[] columns)
    {
        using var opened = Sandbox.Host.Datasets.RawVault.Open(stored);
        var parquet = opened.Path;
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"CAST(\"{c}\" AS VARCHAR)"))} FROM read_parquet('{parquet.Replace("'", "''")}')";
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add([.. Enumerable.Range(0, columns.Length).Select(reader.GetString)]);
        return rows;
    }
}
