using System.Reflection;
using System.Text.Json;
using Sandbox.Host.Backends;
using Sandbox.Host.Cli;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Demo;

/// <summary>
/// `sandbox demo`: the whole promise on synthetic data, narrated. Every step is a real `sandbox` command line,
/// printed before it runs, so a reader can repeat any of it by hand with the same --home.
/// </summary>
public sealed class DemoScenario(TextWriter output, TimeProvider time, string? home, IJobBackend backend)
{
    private int _step;
    private string _root = "";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = _root = Path.GetFullPath(home ?? Path.Combine(Path.GetTempPath(), $"sandbox-demo-{time.GetUtcNow():yyyyMMdd-HHmmss}"));
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new InputException(new LocalMessage("demo.not-empty", ("root", root)));
        }
        var inputs = Path.Combine(root, "demo-inputs");
        output.WriteLine(Messages.Get("demo.title", ("root", root)));
        output.WriteLine(Messages.Get("demo.synthetic"));

        Step("demo.step.init");
        await Sandbox(cancellationToken, "init").ConfigureAwait(false);

        Step("demo.step.principals");
        var policies = ExtractPolicies(Path.Combine(root, "policies"));
        await Sandbox(cancellationToken, "policy", "apply", Path.Combine(policies, "principals.yaml")).ConfigureAwait(false);
        await Sandbox(cancellationToken, "policy", "apply", Path.Combine(policies, "images.yaml")).ConfigureAwait(false);

        Step("demo.step.import");
        var (enterprises, residents) = SyntheticCity.Write(inputs);
        await Sandbox(cancellationToken, "--as", "bureau-officer", "dataset", "import", enterprises, "--name", "enterprise_registry", "--provider", "市市场监督管理局", "--subject", "uscc").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "bureau-officer", "dataset", "import", residents, "--name", "residents", "--provider", "市公安局", "--subject", "resident_id").ConfigureAwait(false);

        Step("demo.step.policies");
        await Sandbox(cancellationToken, "--as", "bureau-officer", "policy", "apply", policies).ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "bureau-officer", "grant", "list").ConfigureAwait(false);

        Step("demo.step.boundary");
        var jobs = Path.Combine(root, "demo-jobs");
        Directory.CreateDirectory(jobs);
        var probe = Job(jobs, "probe.yaml", "n: select count(*) as n from residents");
        await Sandbox(cancellationToken, "--as", "harbor-analyst", "job", "check", probe).ConfigureAwait(false);
        var self = Path.Combine(root, "demo-self-grant", "nj-self.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(self)!);
        await File.WriteAllTextAsync(self, (await File.ReadAllTextAsync(Path.Combine(policies, "grants", "nj-credit-2026.yaml"), cancellationToken).ConfigureAwait(false))
            .Replace("id: nj-credit-2026", "id: nj-self", StringComparison.Ordinal)
            .Replace("constraints: { resident_id: masked }", "masking: { resident_id: keep }\n    constraints: { resident_id: plain }", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "policy", "apply", self).ConfigureAwait(false);

        Step("demo.step.column-refused");
        var refused = Job(jobs, "names.yaml", "legal_reps: select legal_rep_name, count(*) as n from enterprise_registry group by legal_rep_name");
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "job", "run", refused, "--wait", "--backend", backend.Name).ConfigureAwait(false);

        Step("demo.step.masked");
        var peek = Job(jobs, "peek.yaml", "peek: select uscc, district, legal_rep_id, legal_rep_mobile from enterprise_registry order by uscc limit 5");
        var peekJob = await JobId(cancellationToken, "--as", "zijin-analyst", "job", "run", peek, "--wait", "--backend", backend.Name).ConfigureAwait(false);
        ShowFile(Path.Combine(root, "out", peekJob, "peek.csv"));

        Step("demo.step.aggregate");
        var stats = Job(jobs, "stats.yaml",
            "by_district: select district, count(*) as enterprises, round(avg(registered_capital), 1) as avg_capital from enterprise_registry group by district order by district",
            "by_industry: select district, industry, count(*) as enterprises from enterprise_registry group by district, industry order by district, industry");
        var statsJob = await JobId(cancellationToken, "--as", "zijin-analyst", "job", "run", stats, "--wait", "--backend", backend.Name).ConfigureAwait(false);

        Step("demo.step.gate-refused");
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "export", "request", statsJob, "by_industry").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "export", "request", peekJob, "peek").ConfigureAwait(false);

        Step("demo.step.gate-passed");
        var exportId = await ExportId(cancellationToken, "--as", "zijin-analyst", "export", "request", statsJob, "by_district").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "export", "review", exportId, "--stage", "technical", "--approve", "--note", "own export").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "gov-reviewer", "export", "review", exportId, "--stage", "technical", "--approve", "--note", "aggregate by district; all cells ≥ 10").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "expert-reviewer", "export", "review", exportId, "--stage", "comprehensive", "--approve", "--note", "no personal data; fit for release").ConfigureAwait(false);
        var bundleRoot = Path.Combine(root, "released");
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "export", "release", exportId, "--to", bundleRoot).ConfigureAwait(false);
        var bundle = Directory.GetDirectories(bundleRoot).Single();
        await Sandbox(cancellationToken, "export", "verify", bundle).ConfigureAwait(false);

        Step("demo.step.verify");
        var copy = bundle + "-tampered";
        CopyDirectory(bundle, copy);
        var data = Path.Combine(copy, "by_district.csv");
        File.WriteAllText(data, File.ReadAllText(data).Replace("玄武区", "玄武区 "));
        await Sandbox(cancellationToken, "export", "verify", copy).ConfigureAwait(false);

        Step("demo.step.audit");
        await Sandbox(cancellationToken, "--as", "city-auditor", "audit", "verify").ConfigureAwait(false);

        output.WriteLine();
        output.WriteLine(Messages.Get("demo.done", ("root", root)));
        return 0;
    }

    /// <summary>A numbered step, its title the catalog's <paramref name="id"/> (<c>demo.step.*</c>) in the reader's language.</summary>
    private void Step(string id)
    {
        output.WriteLine();
        output.WriteLine(Messages.Get("demo.step", ("n", ++_step), ("title", Messages.Get(id))));
    }

    private async Task<int> Sandbox(CancellationToken cancellationToken, params string[] args)
    {
        var full = args.Concat(["--home", _root]).ToArray();
        output.WriteLine($"$ sandbox {string.Join(' ', args.Select(Quote))}");
        var code = await SandboxCli.RunAsync(full, output, output, time, cancellationToken).ConfigureAwait(false);
        if (code != 0) output.WriteLine(Messages.Get("demo.exit-code", ("code", code)));
        return code;
    }

    private async Task<string> JobId(CancellationToken cancellationToken, params string[] args)
    {
        var json = await Capture(cancellationToken, [.. args, "--json"]).ConfigureAwait(false);
        return JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<string> ExportId(CancellationToken cancellationToken, params string[] args)
    {
        var json = await Capture(cancellationToken, [.. args, "--json"]).ConfigureAwait(false);
        return JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Runs a command with --json, prints the human line of it, returns the JSON.</summary>
    private async Task<string> Capture(CancellationToken cancellationToken, string[] args)
    {
        output.WriteLine($"$ sandbox {string.Join(' ', args.Select(Quote))}");
        using var captured = new StringWriter();
        var code = await SandboxCli.RunAsync([.. args, "--home", _root], captured, output, time, cancellationToken).ConfigureAwait(false);
        var json = captured.ToString().Trim();
        output.WriteLine(json);
        if (code != 0) throw new InvalidOperationException(Messages.Get("demo.step-failed", ("code", code), ("command", string.Join(' ', args))));
        return json;
    }

    private void ShowFile(string path)
    {
        output.WriteLine($"  {path}:");
        foreach (var line in File.ReadLines(path)) output.WriteLine($"    {line}");
    }

    private static string Job(string directory, string file, params string[] queries)
    {
        var path = Path.Combine(directory, file);
        var lines = new List<string> { "grant: nj-credit-2026", "kind: sql", "queries:" };
        lines.AddRange(queries.Select(q => "  " + q));
        lines.Add("limits: { timeout: 30s, memory: 256MiB }");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string ExtractPolicies(string directory)
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("policies/", StringComparison.Ordinal)))
        {
            var path = Path.Combine(directory, name["policies/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var resource = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(path);
            resource.CopyTo(file);
        }
        return directory;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    private static string Quote(string arg) => arg.Contains(' ') ? $"\"{arg}\"" : arg;
}
