using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;
using Sandbox.Host.Tests.Api;

namespace Sandbox.Host.Tests.Reports;

/// <summary>GET /v1/reports/usage and /v1/reports/annual on a real Kestrel host: who sees what, problems, and a signature a client can check.</summary>
public sealed class ReportsApiTests() : ApiHost(enterprises: 120, residents: 40)
{
    private const string Usage = "/v1/reports/usage?operator=zijin-credit&from=2026-11-01&to=2026-11-30";

    [Fact]
    public async Task Usage_AsTheOperator_IsTheReport()
    {
        As("zijin-analyst");
        using var response = await Client.GetAsync(Usage);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var r = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("zijin-credit", r.GetProperty("operator").GetString());
        Assert.Equal(30, r.GetProperty("securityDays").GetInt32());
        Assert.Equal(600.00m, r.GetProperty("charges").GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Usage_AsAnotherOrganization_IsAProblem403()
    {
        As("harbor-analyst");
        using var response = await Client.GetAsync(Usage);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("harbor-analyst may not see this operator's usage and operation reports", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/reports/usage?operator=zijin-credit&from=2026-11-01", "to: required")]
    [InlineData("/v1/reports/usage?operator=zijin-credit&from=1.11.2026&to=2026-11-30", "from: expected a day as YYYY-MM-DD")]
    [InlineData("/v1/reports/annual?operator=zijin-credit&year=one", "year: expected an agreement year")]
    public async Task Reports_BadQuery_IsAProblem400NamingTheField(string path, string error)
    {
        As("bureau-officer");
        using var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Annual_AsGovernance_IsSignedSoAClientCanCheckIt()
    {
        As("gov-reviewer");
        using var response = await Client.GetAsync("/v1/reports/annual?operator=zijin-credit&year=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var r = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var manifest = Encoding.UTF8.GetBytes(r.GetProperty("manifest").GetString()!);
        var key = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(r.GetProperty("publicKey").GetString()!), KeyBlobFormat.RawPublicKey);
        Assert.True(SignatureAlgorithm.Ed25519.Verify(key, manifest, Convert.FromHexString(r.GetProperty("signature").GetString()!)));
        var listed = JsonDocument.Parse(manifest).RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("sha256").GetString()!);
        Assert.Equal(["report.json", "report.md"], listed.Keys.Order());
        foreach (var file in r.GetProperty("files").EnumerateObject())
        {
            Assert.Equal(listed[file.Name], Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file.Value.GetString()!))));
        }
        // The key is the one the API publishes for bundles.
        var keys = JsonDocument.Parse(await Client.GetStringAsync("/v1/keys")).RootElement;
        Assert.Equal(keys.GetProperty("publicKey").GetString(), r.GetProperty("publicKey").GetString());
    }
}
