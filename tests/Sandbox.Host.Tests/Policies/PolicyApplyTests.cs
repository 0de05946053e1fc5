namespace Sandbox.Host.Tests.Policies;

public sealed class PolicyApplyTests
{
    private static string Grant(TestHome home, string body)
    {
        var path = Path.Combine(home.Root, "grant-" + Guid.NewGuid().ToString("N")[..6] + ".yaml");
        File.WriteAllText(path, body);
        return path;
    }

    private const string Valid = """
        id: g1
        operator: { id: op, name: 某运营单位, foreign: false }
        zone: comprehensive
        scenario: test
        period: { from: 2026-01-01, to: 2026-12-31 }
        agreement: { signed: 2025-12-01 }
        datasets:
          residents:
            columns: [district, birth_date]
        """;

    [Fact]
    public void Apply_ValidGrant_StoresItActive()
    {
        using var home = new TestHome().WithCity(enterprises: 10, residents: 10);
        home.Ok("policy", "apply", Grant(home, Valid));
        Assert.Contains("g1", home.Ok("grant", "list"));
        Assert.Contains("active", home.Ok("grant", "list"));
    }

    [Theory]
    [InlineData("datasets:\n  residents:\n    columns: [district, birth_date]", "datasets:\n  residents:\n    columns: [district, shoe_size]", "shoe_size", 9)]
    [InlineData("datasets:\n  residents:", "datasets:\n  no_such_table:", "no_such_table", 8)]
    [InlineData("to: 2026-12-31", "to: 2025-12-31", "period", 5)]
    [InlineData("scenario: test", "scenario: test\ncolour: blue", "colour", 5)]
    [InlineData("zone: comprehensive\n", "", "zone", 1)]
    public void Apply_InvalidGrant_ExitsTwoNamingFileLineFieldAndStoresNothing(string from, string to, string field, int line)
    {
        using var home = new TestHome().WithCity(enterprises: 10, residents: 10);
        var path = Grant(home, Valid.Replace(from, to));
        var auditBefore = home.Ok("audit", "show", "--json");

        var (code, _, err) = home.Run("policy", "apply", path);

        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains($"{path}:{line}:", err);
        Assert.Contains(field, err);
        Assert.Equal(auditBefore, home.Ok("audit", "show", "--json"));
        Assert.DoesNotContain("g1", home.Ok("grant", "list"));
    }

    [Fact]
    public void Apply_FolderWithOneBadDocument_StoresNoneOfIt()
    {
        using var home = new TestHome().WithCity(enterprises: 10, residents: 10);
        var folder = Path.Combine(home.Root, "docs");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.yaml"), Valid);
        File.WriteAllText(Path.Combine(folder, "b.yaml"), Valid.Replace("id: g1", "id: g2").Replace("[district, birth_date]", "[district, nope]"));

        var (code, _, _) = home.Run("policy", "apply", folder);

        Assert.Equal(2, code);
        var grants = home.Ok("grant", "list");
        Assert.DoesNotContain("g1", grants);
        Assert.DoesNotContain("g2", grants);
    }

    [Fact]
    public void Apply_ADocumentOfNoKnownKind_IsNamedNotReadAsAGrant()
    {
        using var home = new TestHome();
        var path = Grant(home, "holidays:\n  - 2026-10-01\n");

        var (code, _, err) = home.Run("policy", "apply", path);

        Assert.Equal(2, code);
        Assert.Contains($"{path}:1: document: not a policy document: its root keys name none of images, maxima, pricing, principals, calendar, training, id", err);
    }

    [Fact]
    public void Apply_AGrantWithoutItsId_IsStillReadAsAGrant()
    {
        using var home = new TestHome().WithCity(enterprises: 10, residents: 10);
        var path = Grant(home, Valid.Replace("id: g1\n", ""));

        var (code, _, err) = home.Run("policy", "apply", path);

        Assert.Equal(2, code);
        Assert.Contains("id", err);
        Assert.DoesNotContain("not a policy document", err);
    }

    [Fact]
    public void Apply_MalformedYaml_ExitsTwoWithTheLine()
    {
        using var home = new TestHome();
        var path = Path.Combine(home.Root, "broken.yaml");
        File.WriteAllText(path, "id: x\noperator: { id: op\nzone: [\n");
        var (code, _, err) = home.Run("policy", "apply", path);
        Assert.Equal(2, code);
        Assert.Contains("broken.yaml:", err);
    }

    [Fact]
    public void As_UnknownPrincipal_ExitsTwo()
    {
        using var home = new TestHome();
        var (code, _, err) = home.Run("--as", "mallory", "dataset", "list");
        Assert.Equal(2, code);
        Assert.Contains("mallory", err);
    }
}
