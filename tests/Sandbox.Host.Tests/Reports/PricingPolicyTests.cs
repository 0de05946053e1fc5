namespace Sandbox.Host.Tests.Reports;

/// <summary>policies/pricing.yaml: the bureau's document, validated line by line, applied only by the bureau, audited.</summary>
public sealed class PricingPolicyTests : IDisposable
{
    private readonly TestHome _home = new();

    [Fact]
    public void Apply_RepositoryPricing_IsStoredAndAuditedWithItsHash()
    {
        var file = Path.Combine(TestHome.PoliciesDirectory, "pricing.yaml");
        _home.Ok("policy", "apply", file);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(file))));
        var entry = System.Text.Json.JsonDocument.Parse(_home.Ok("--as", "city-auditor", "audit", "show", "--json")).RootElement.EnumerateArray().Last();
        Assert.Equal("policy.apply", entry.GetProperty("action").GetString());
        Assert.Contains(sha, entry.GetProperty("detail").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("currency: CNY", "currency: cny", "currency: expected a three-letter currency code")]
    [InlineData("cpu-hour: 2.40", "cpu-hour: -1", "cpu-hour: expected a price")]
    [InlineData("day: 20.00", "day: 0.001", "day: expected a price")]
    [InlineData("model-release:", "model-releases:", "model-release")]
    public void Apply_BadPricing_ExitsTwoNamingTheFileAndFieldAndStoresNothing(string from, string to, string error)
    {
        var text = File.ReadAllText(Path.Combine(TestHome.PoliciesDirectory, "pricing.yaml"));
        var bad = Path.Combine(_home.Root, "pricing.yaml");
        File.WriteAllText(bad, text.Replace(from, to, StringComparison.Ordinal));
        var applied = Applies();
        var (code, _, err) = _home.Run("policy", "apply", bad);
        Assert.Equal(2, code);
        Assert.Contains(bad + ":", err, StringComparison.Ordinal);
        Assert.Contains(error, err, StringComparison.Ordinal);
        Assert.Equal(applied, Applies());
    }

    [Theory]
    [InlineData("zijin-analyst")]
    [InlineData("gov-reviewer")]
    [InlineData("admin")]
    public void Apply_ByAnyoneButTheBureau_IsRefusedNamingTheRole(string principal)
    {
        // An operator setting its own fees to zero is the attack; the administrator does not set fees either.
        var cheap = Path.Combine(_home.Root, "cheap.yaml");
        File.WriteAllText(cheap, File.ReadAllText(Path.Combine(TestHome.PoliciesDirectory, "pricing.yaml")).Replace("cpu-hour: 2.40", "cpu-hour: 0", StringComparison.Ordinal));
        var (code, _, err) = _home.Run("--as", principal, "policy", "apply", cheap);
        Assert.Equal(1, code);
        Assert.Contains("pricing: " + principal + " may not", err, StringComparison.Ordinal);
        Assert.Contains("(needs role bureau)", err, StringComparison.Ordinal);
    }

    private int Applies() => System.Text.Json.JsonDocument.Parse(_home.Ok("--as", "city-auditor", "audit", "show", "--json")).RootElement
        .EnumerateArray().Count(e => e.GetProperty("action").GetString() == "policy.apply");

    public void Dispose() => _home.Dispose();
}
