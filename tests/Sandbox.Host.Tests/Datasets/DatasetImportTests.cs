using System.Text.Json;

namespace Sandbox.Host.Tests.Datasets;

public sealed class DatasetImportTests
{
    [Fact]
    public void Import_SyntheticResidents_ClassifiesIdentifiersByLevel()
    {
        using var home = new TestHome().WithCity();
        var json = JsonDocument.Parse(home.Ok("dataset", "show", "residents", "--json")).RootElement;
        var columns = json.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);

        Assert.Equal("cn_resident_id", columns["resident_id"].GetProperty("entity").GetString());
        Assert.Equal(4, columns["resident_id"].GetProperty("level").GetInt32());
        Assert.Equal("cn_mobile", columns["mobile"].GetProperty("entity").GetString());
        Assert.Equal(3, columns["mobile"].GetProperty("level").GetInt32());
        Assert.Equal(1, columns["district"].GetProperty("level").GetInt32());
        Assert.Equal(600, json.GetProperty("rows").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", json.GetProperty("sha256").GetString()!);
    }

    [Fact]
    public void Import_ContentAddressedFile_NameIsItsSha256()
    {
        using var home = new TestHome().WithCity();
        var json = JsonDocument.Parse(home.Ok("dataset", "show", "enterprise_registry", "--json")).RootElement;
        var path = json.GetProperty("path").GetString()!;
        Assert.Equal(json.GetProperty("sha256").GetString() + ".parquet.sealed", Path.GetFileName(path));
        // The address is the Parquet's own hash, as opened: the sealed bytes differ on every import.
        using var opened = Sandbox.Host.Datasets.RawVault.Open(path);
        Assert.Equal(json.GetProperty("sha256").GetString(), Sandbox.Host.Home.FileHash.Sha256Of(opened.Path));
    }

    [Fact]
    public void Import_MalformedCsv_ExitsTwoWithOneLineAndStoresNothing()
    {
        using var home = new TestHome();
        var bad = Path.Combine(home.Root, "bad.csv");
        File.WriteAllText(bad, "a,b\n1,2\n3,4,5,6\n7,8\n");
        var auditBefore = home.Ok("audit", "show", "--json");

        var (code, _, err) = home.Run("dataset", "import", bad, "--name", "bad");

        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("bad.csv", err);
        Assert.Equal(auditBefore, home.Ok("audit", "show", "--json"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(home.Root, "datasets"), "*", SearchOption.AllDirectories));
        Assert.Contains("[]", home.Ok("dataset", "list", "--json"));
    }

    [Fact]
    public void Import_RaggedRowDeepInTheFile_NamesTheLineButNeverEchoesTheRow()
    {
        using var home = new TestHome();
        var bad = Path.Combine(home.Root, "ragged.csv");
        var rows = Enumerable.Range(0, 3000).Select(i => $"d{i % 7},{i}").ToList();
        rows.Insert(2500, "d1,13912345678,extra");
        File.WriteAllLines(bad, rows.Prepend("district,n"));

        var (code, _, err) = home.Run("dataset", "import", bad, "--name", "ragged");

        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("ragged.csv", err);
        Assert.Contains("2502", err);
        Assert.DoesNotContain("13912345678", err);
    }

    [Theory]
    [InlineData("Bad-Name")]
    [InlineData("1abc")]
    public void Import_InvalidName_ExitsTwoNamingTheOption(string name)
    {
        using var home = new TestHome();
        var file = Path.Combine(home.Root, "ok.csv");
        File.WriteAllText(file, "a\n1\n");
        var (code, _, err) = home.Run("dataset", "import", file, "--name", name);
        Assert.Equal(2, code);
        Assert.Contains("--name", err);
    }

    [Fact]
    public void MaskDetect_Json_KeepsTheContractShape()
    {
        using var home = new TestHome();
        var (_, residents) = Sandbox.Host.Demo.SyntheticCity.Write(Path.Combine(home.Root, "in"), 10, 50);
        var json = JsonDocument.Parse(home.Ok("mask", "detect", residents, "--json")).RootElement;
        var columns = json.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(6, columns.Count);
        foreach (var c in columns)
        {
            Assert.Equal(JsonValueKind.String, c.GetProperty("name").ValueKind);
            Assert.True(c.GetProperty("entity").ValueKind is JsonValueKind.String or JsonValueKind.Null);
            Assert.Equal(JsonValueKind.Number, c.GetProperty("confidence").ValueKind);
            Assert.Equal(JsonValueKind.Number, c.GetProperty("level").ValueKind);
        }
        Assert.Equal("cn_resident_id", columns[0].GetProperty("entity").GetString());
    }
}
