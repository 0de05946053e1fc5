using System.Text.Json;

namespace Sandbox.Host.Tests.Cli;

/// <summary>`job list` and `export list` filter what the principal may see.</summary>
public sealed class ListFilterTests
{
    [Fact]
    public void Lists_Filtered_ShowOnlyWhatMatchesAndWhatThePrincipalMaySee()
    {
        using var home = new TestHome().WithCity(enterprises: 200, residents: 20);
        var ok = JsonDocument.Parse(home.Ok("job", "run", "--wait", home.Job("nj-credit-2026", "d: select district, count(*) as n from enterprise_registry group by district"), "--json"))
            .RootElement.GetProperty("id").GetString()!;
        home.Run("job", "run", "--wait", home.Job("nj-credit-2026", "n: select name from residents"));

        Assert.Single(JsonDocument.Parse(home.Ok("job", "list", "--state", "failed", "--json")).RootElement.EnumerateArray());
        Assert.Equal(2, JsonDocument.Parse(home.Ok("job", "list", "--grant", "nj-credit-2026", "--json")).RootElement.GetArrayLength());
        Assert.Equal(0, JsonDocument.Parse(home.Ok("job", "list", "--since", "2099-01-01T00:00:00Z", "--json")).RootElement.GetArrayLength());

        var export = JsonDocument.Parse(home.Ok("export", "request", ok, "d", "--json")).RootElement.GetProperty("id").GetString()!;
        var queue = home.Ok("--as", "gov-reviewer", "export", "list", "--pending");
        Assert.Contains(export, queue);
        Assert.Contains("checked", queue);
        Assert.Equal("[]", home.Ok("--as", "harbor-analyst", "export", "list", "--json").Trim());
        Assert.Equal("[]", home.Ok("--as", "gov-reviewer", "export", "list", "--state", "released", "--json").Trim());
    }
}
