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

    /// <summary>
    /// A failing query's reason is shown to the operator: it must not carry the values DuckDB's error quotes — a masked
    /// mobile in a failed cast, or any column's value raised through <c>error()</c> — while a mistake in the query text
    /// itself is still explained.
    /// </summary>
    protected void AssertErrorsCarryNoValues()
    {
        var districts = File.ReadLines(Path.Combine(Home.Root, "inputs", "enterprise_registry.csv")).Skip(1).Select(l => l.Split(',')[2]).ToHashSet();
        string[] attempts =
        [
            "leak: select error(district) as x from enterprise_registry",
            "leak: select cast(legal_rep_mobile as integer) as x from enterprise_registry",
            "leak: select district, count(*) as n from enterprise_registry group by district having count(*) > cast(min(legal_rep_mobile) as integer)",
        ];
        foreach (var attempt in attempts)
        {
            var (code, output, _) = Home.Run("job", "run", Home.Job("nj-credit-2026", attempt), "--wait", "--json", "--backend", Backend);
            Assert.Equal(1, code);
            var reason = JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString()!;
            Assert.Contains("is not shown", reason);
            Assert.DoesNotMatch(@"\d{3}\*{4}\d{4}", reason);
            Assert.DoesNotContain(districts, d => reason.Contains(d, StringComparison.Ordinal));
        }

        var (_, typo, _) = Home.Run("job", "run", Home.Job("nj-credit-2026", "typo: select distrikt from enterprise_registry"), "--wait", "--json", "--backend", Backend);
        Assert.Contains("distrikt", JsonDocument.Parse(typo).RootElement.GetProperty("reason").GetString());
    }

    /// <summary>
    /// The evidence beside an output holds single-subject values: readable by the host's user only. On either backend
    /// the job reads the grant's materialized tables in place and the host measures it when an export is asked for.
    /// </summary>
    protected void AssertEvidenceIsOwnerOnly()
    {
        var job = Home.Job("nj-credit-2026", "by_district: select district, count(*) as n from enterprise_registry group by district");
        var json = JsonDocument.Parse(Home.Ok("job", "run", job, "--wait", "--json", "--backend", Backend)).RootElement;

        var output = json.GetProperty("outputs").EnumerateArray().Single().GetProperty("path").GetString()!;
        var evidence = Path.Combine(Path.GetDirectoryName(output)!, "by_district.evidence.json");
        Assert.False(File.Exists(evidence), evidence);
        Home.Ok("export", "request", json.GetProperty("id").GetString()!, "by_district");
        Assert.True(File.Exists(evidence), evidence);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(evidence));
    }

    /// <summary>No SQL job reads a key file, the keys folder or the home, by any file-reading function.</summary>
    protected void AssertKeysOutOfReach()
    {
        Home.Ok("token", "issue", "admin");
        var keys = Path.Combine(Home.Root, "keys");
        var secrets = Directory.GetFiles(keys).Select(File.ReadAllBytes).ToList();
        string[] paths = [.. Directory.GetFiles(keys), keys, keys + "/*", Home.Root, Home.Root + "/**", Path.Combine(Home.Root, "workspaces", "..", "keys", "masking.key")];
        string[] functions = ["read_text", "read_blob", "read_csv", "read_json", "read_parquet", "glob"];
        var queries = functions.SelectMany(f => paths.Select(p => $"x: select * from {f}('{p}')"))
            .Append($"x: select content from read_text('{keys}/masking.key') union all select 'a'");
        foreach (var query in queries)
        {
            var (code, output, error) = Home.Run("job", "run", Home.Job("nj-credit-2026", query), "--wait", "--json", "--backend", Backend);
            Assert.True(code != 0, $"{query} succeeded");
            var said = output + error;
            var written = Directory.GetFiles(Path.Combine(Home.Root, "out"), "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(Convert.ToHexStringLower(secret), said, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToBase64String(secret), said);
                Assert.DoesNotContain(written, w => w.AsSpan().IndexOf(secret) >= 0);
            }
        }
    }

    /// <summary>A job can read its DuckDB's settings; none of them names a server folder.</summary>
    protected void AssertSettingsShowNoServerPath()
    {
        var job = Home.Job("nj-credit-2026",
            "t: select current_setting('temp_directory') as t",
            "s: select name, value from duckdb_settings()",
            "d: select database_name, path from duckdb_databases()");
        var (_, output, _) = Home.Run("job", "run", job, "--wait", "--json", "--backend", Backend);

        var json = JsonDocument.Parse(output).RootElement;
        Assert.DoesNotContain(Home.Root, json.GetProperty("reason").ToString());
        foreach (var written in json.GetProperty("outputs").EnumerateArray())
        {
            Assert.DoesNotContain(Home.Root, File.ReadAllText(written.GetProperty("path").GetString()!));
        }
    }
}
