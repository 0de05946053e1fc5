using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sandbox.Host.Tests.Api;

/// <summary>The HTTP API on a real Kestrel server bound to a free loopback port.</summary>
public sealed class ApiServerTests() : ApiHost(enterprises: 200, residents: 50)
{

    [Theory]
    [InlineData(null)]
    [InlineData("sbx_not-a-real-token")]
    [InlineData("garbage")]
    public async Task AnyRoute_WithoutAValidToken_Is401(string? token)
    {
        if (token is not null) Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await Client.GetAsync("/v1/datasets");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SubmitJob_AsOperator_RunsItAsThatPrincipalWithTheContractJson()
    {
        As("zijin-analyst");
        var job = "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select district, count(*) as n from enterprise_registry group by district\n";

        var response = await Client.PostAsync("/v1/jobs?wait=true", new StringContent(job, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("succeeded", json.GetProperty("state").GetString());
        var shown = JsonDocument.Parse(Home.Ok("job", "show", json.GetProperty("id").GetString()!, "--json")).RootElement;
        Assert.Equal("zijin-analyst", shown.GetProperty("submittedBy").GetString());
    }

    [Fact]
    public async Task SubmitJob_RefusedByPolicy_Is422WithTheReason()
    {
        As("zijin-analyst");
        var job = "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select legal_rep_name from enterprise_registry\n";
        var response = await Client.PostAsync("/v1/jobs?wait=true", new StringContent(job, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("legal_rep_name", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SubmitJob_MalformedYaml_Is400()
    {
        As("zijin-analyst");
        var response = await Client.PostAsync("/v1/jobs", new StringContent("grant: [", Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Review_ByTheRequester_IsRefused()
    {
        As("zijin-analyst");
        var job = "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select district, count(*) as n from enterprise_registry group by district\n";
        var run = JsonDocument.Parse(await (await Client.PostAsync("/v1/jobs?wait=true", new StringContent(job))).Content.ReadAsStringAsync()).RootElement;
        var export = await Client.PostAsync("/v1/exports", new StringContent(JsonSerializer.Serialize(new { job = run.GetProperty("id").GetString(), output = "n" })));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var id = JsonDocument.Parse(await export.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        var review = await Client.PostAsync($"/v1/exports/{id}/reviews", new StringContent(JsonSerializer.Serialize(new { stage = "technical", action = "approve", note = "looks fine to me" })));

        Assert.Equal(HttpStatusCode.Forbidden, review.StatusCode);
        Assert.Contains("may not review exports", await review.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExportShow_AfterARequest_ReturnsItsState()
    {
        As("zijin-analyst");
        var job = "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select district, count(*) as n from enterprise_registry group by district\n";
        var run = JsonDocument.Parse(await (await Client.PostAsync("/v1/jobs?wait=true", new StringContent(job))).Content.ReadAsStringAsync()).RootElement;
        var export = JsonDocument.Parse(await (await Client.PostAsync("/v1/exports",
            new StringContent(JsonSerializer.Serialize(new { job = run.GetProperty("id").GetString(), output = "n" })))).Content.ReadAsStringAsync()).RootElement;
        var id = export.GetProperty("id").GetString();

        var shown = await Client.GetAsync($"/v1/exports/{id}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains(id!, await shown.Content.ReadAsStringAsync());

        var released = await Client.PostAsync($"/v1/exports/{id}/release", null);
        // Not approved yet: the export's state does not allow it.
        Assert.Equal(HttpStatusCode.Conflict, released.StatusCode);
    }

    [Fact]
    public void TokenFile_HoldsHashesOnly()
    {
        var token = Home.Ok("token", "issue", "gov-reviewer").Trim();
        var file = Path.Combine(Home.Root, "keys", "api-tokens.json");
        Assert.DoesNotContain(token, File.ReadAllText(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
