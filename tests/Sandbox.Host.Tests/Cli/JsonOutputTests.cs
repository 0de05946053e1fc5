using System.Text.Json;

namespace Sandbox.Host.Tests.Cli;

/// <summary>`--json` is honoured by the commands that report, errors included.</summary>
public sealed class JsonOutputTests
{
    [Fact]
    public void Commands_WithJson_AnswerOneJsonDocumentEachErrorsIncluded()
    {
        using var home = new TestHome().WithCity(enterprises: 200, residents: 20);
        var job = JsonDocument.Parse(home.Ok("job", "run", "--wait", home.Job("nj-credit-2026", "d: select district, count(*) as n from enterprise_registry group by district"), "--json"))
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

    [Fact]
    public void BadJobFile_EveryProblemNamed_TheMistypedKeyWithItsNearestName()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var file = Path.Combine(home.Root, "bad.yaml");
        File.WriteAllText(file, "grant: nj-credit-2026\nkind: sql\nquery:\n  d: select 1\nlimts: { timeout: 1s }\n");

        var (code, _, text) = home.Run("job", "run", "--wait", file);
        Assert.Equal(2, code);
        var lines = text.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("error: " + file + ":", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":4: query: applies only to ml jobs (did you mean 'queries'?", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":5: limts: unknown key 'limts' (did you mean 'limits'?", StringComparison.Ordinal));
        Assert.DoesNotContain("more)", text, StringComparison.Ordinal);

        var (jsonCode, output, json) = home.Run("job", "run", "--wait", file, "--json");
        Assert.Equal(2, jsonCode);
        Assert.Empty(output);
        var error = JsonDocument.Parse(json).RootElement.GetProperty("error");
        Assert.Equal("bad-input", error.GetProperty("code").GetString());
        Assert.Equal(file, error.GetProperty("file").GetString());
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.Equal("queries", error.GetProperty("field").GetString());
        Assert.Equal(["queries", "query", "limts"], error.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!));
    }
}
