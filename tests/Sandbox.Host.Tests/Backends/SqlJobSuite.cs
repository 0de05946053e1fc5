using System.Text.Json;

namespace Sandbox.Host.Tests.Backends;

/// <summary>
/// One functional suite, run on every backend: the same SQL job over the same synthetic city must give the same
/// known result. Each backend's class supplies the facts (so the docker one can be skipped without an engine).
/// </summary>
public abstract class SqlJobSuite(TestHome home)
{
    protected abstract string Backend { get; }

    protected TestHome Home { get; } = home;

    protected void AssertKnownAggregate()
    {
        var job = Home.Job("nj-credit-2026", "by_district: select district, count(*) as n from enterprise_registry group by district order by district");
        var json = JsonDocument.Parse(Home.Ok("job", "run", job, "--wait", "--json", "--backend", Backend)).RootElement;

        Assert.Equal("succeeded", json.GetProperty("state").GetString());
        Assert.Equal(Backend, json.GetProperty("backend").GetString());
        var output = json.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("by_district", output.GetProperty("name").GetString());
        Assert.Equal(11, output.GetProperty("rows").GetInt64());
        var lines = File.ReadAllLines(output.GetProperty("path").GetString()!);
        Assert.Equal("district,n", lines[0]);
        // 400 enterprises in the synthetic city, every one in some district.
        Assert.Equal(400, lines.Skip(1).Sum(l => int.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Home.Root, "workspaces")));
    }

    protected void AssertFailingQuery()
    {
        var job = Home.Job("nj-credit-2026", "bad: select district, count(*) / 0 as n from enterprise_registry where cast(district as integer) > 1 group by district");
        var (code, output, _) = Home.Run("job", "run", job, "--wait", "--json", "--backend", Backend);

        Assert.Equal(1, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("failed", json.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("reason").GetString()));
    }
}
