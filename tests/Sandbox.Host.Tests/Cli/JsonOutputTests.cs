using System.Text.Json;

namespace Sandbox.Host.Tests.Cli;

/// <summary>`--json` is honoured by the commands that report, errors included.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public void Commands_WithJson_AnswerOneJsonDocumentEachErrorsIncluded()
    {
        using var home = new TestHome().WithCity(enterprises: 200, residents: 20);
        var job = JsonDocument.Parse(home.Ok("job", "run", home.Job("nj-credit-2026", "d: select district, count(*) as n from enterprise_registry group by district"), "--json"))
            .RootElement.GetProperty("id").GetString()!;
        var export = JsonDocument.Parse(home.Ok("export", "request", job, "d", "--json")).RootElement.GetProperty("id").GetString()!;

        var review = JsonDocument.Parse(home.Ok("--as", "gov-reviewer", "export", "review", export, "--stage", "technical", "--approve", "--note", "counts by district", "--json")).RootElement;
        Assert.Equal("technical-approved", review.GetProperty("state").GetString());
        home.Ok("--as", "expert-reviewer", "export", "review", export, "--stage", "comprehensive", "--approve", "--note", "fit for release");
        var released = JsonDocument.Parse(home.Ok("export", "release", export, "--json")).RootElement;
        var verified = JsonDocument.Parse(home.Ok("export", "verify", released.GetProperty("bundle").GetString()!, "--json")).RootElement;
        Assert.True(verified.GetProperty("ok").GetBoolean());
        Assert.Equal(job, JsonDocument.Parse(home.Ok("job", "logs", job, "--json")).RootElement.GetProperty("id").GetString());
        Assert.True(JsonDocument.Parse(home.Ok("policy", "apply", Path.Combine(TestHome.PoliciesDirectory, "calendar.yaml"), "--json")).RootElement.TryGetProperty("grants", out _));

        var (code, output, error) = home.Run("--as", "harbor-analyst", "job", "show", job, "--json");
        Assert.Equal(2, code);
        Assert.Empty(output);
        var problem = JsonDocument.Parse(error).RootElement.GetProperty("error");
        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Equal($"ID: no job '{job}'", problem.GetProperty("message").GetString());
        var refused = JsonDocument.Parse(home.Run("--as", "zijin-analyst", "monitor", "list", "--json").Err).RootElement.GetProperty("error");
        Assert.Equal("forbidden", refused.GetProperty("code").GetString());
    }
}
