using System.Reflection;
using System.Text.Json;
using Sandbox.Host.Backends;
using Sandbox.Host.Cli;
using Sandbox.Host.Home;

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
            throw new InputException($"--home: {root} is not empty; the demo needs a fresh home");
        }
        var inputs = Path.Combine(root, "demo-inputs");
        output.WriteLine($"Sandbox demo — home {root}");
        output.WriteLine("Synthetic Nanjing-like data: identifiers pass their check digits but belong to nobody.");

        Step("Create the home: control store, signing key, masking key");
        await Sandbox(cancellationToken, "init").ConfigureAwait(false);

        Step("The administrator declares who acts, in which role (policies/principals.yaml), and the approved job images");
        var policies = ExtractPolicies(Path.Combine(root, "policies"));
        await Sandbox(cancellationToken, "policy", "apply", Path.Combine(policies, "principals.yaml")).ConfigureAwait(false);
        await Sandbox(cancellationToken, "policy", "apply", Path.Combine(policies, "images.yaml")).ConfigureAwait(false);

        Step("A provider's files arrive; the bureau imports them: content-addressed Parquet, every column classified");
        var (enterprises, residents) = SyntheticCity.Write(inputs);
        await Sandbox(cancellationToken, "--as", "bureau-officer", "dataset", "import", enterprises, "--name", "enterprise_registry", "--provider", "市市场监督管理局", "--subject", "uscc").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "bureau-officer", "dataset", "import", residents, "--name", "residents", "--provider", "市公安局", "--subject", "resident_id").ConfigureAwait(false);

        Step("The bureau applies the grants, the working calendar and the training records (policies/)");
        await Sandbox(cancellationToken, "--as", "bureau-officer", "policy", "apply", policies).ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "bureau-officer", "grant", "list").ConfigureAwait(false);

        Step("One trust boundary: another organization's analyst sees no such grant; an operator cannot write itself a grant");
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

        Step("The operator asks for a column the grant does not include: refused, the column named");
        var refused = Job(jobs, "names.yaml", "legal_reps: select legal_rep_name, count(*) as n from enterprise_registry group by legal_rep_name");
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "job", "run", refused, "--wait", "--backend", backend.Name).ConfigureAwait(false);

        Step("Usable but invisible: level-3+ columns arrive masked in the job's workspace (mobile 3+4, IDs as keyed tokens)");
        var peek = Job(jobs, "peek.yaml", "peek: select uscc, district, legal_rep_id, legal_rep_mobile from enterprise_registry order by uscc limit 5");
        var peekJob = await JobId(cancellationToken, "--as", "zijin-analyst", "job", "run", peek, "--wait", "--backend", backend.Name).ConfigureAwait(false);
        ShowFile(Path.Combine(root, "out", peekJob, "peek.csv"));

        Step("An aggregate job: enterprises and capital by district, and a finer cut by district and industry");
        var stats = Job(jobs, "stats.yaml",
            "by_district: select district, count(*) as enterprises, round(avg(registered_capital), 1) as avg_capital from enterprise_registry group by district order by district",
            "by_industry: select district, industry, count(*) as enterprises from enterprise_registry group by district, industry order by district, industry");
        var statsJob = await JobId(cancellationToken, "--as", "zijin-analyst", "job", "run", stats, "--wait", "--backend", backend.Name).ConfigureAwait(false);

        Step("Export gate, refused: the fine cut has cells under 10 enterprises; the peek leaks tokens");
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "export", "request", statsJob, "by_industry").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "export", "request", peekJob, "peek").ConfigureAwait(false);

        Step("Export gate, passed: district counts → technical review → comprehensive review → signed release");
        var exportId = await ExportId(cancellationToken, "--as", "zijin-analyst", "export", "request", statsJob, "by_district").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "export", "review", exportId, "--stage", "technical", "--approve", "--note", "own export").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "gov-reviewer", "export", "review", exportId, "--stage", "technical", "--approve", "--note", "aggregate by district; all cells ≥ 10").ConfigureAwait(false);
        await Sandbox(cancellationToken, "--as", "expert-reviewer", "export", "review", exportId, "--stage", "comprehensive", "--approve", "--note", "no personal data; fit for release").ConfigureAwait(false);
        var bundleRoot = Path.Combine(root, "released");
        await Sandbox(cancellationToken, "--as", "zijin-analyst", "export", "release", exportId, "--to", bundleRoot).ConfigureAwait(false);
        var bundle = Directory.GetDirectories(bundleRoot).Single();
        await Sandbox(cancellationToken, "export", "verify", bundle).ConfigureAwait(false);

        Step("Anyone can verify offline; one changed byte breaks it");
        var copy = bundle + "-tampered";
        CopyDirectory(bundle, copy);
        var data = Path.Combine(copy, "by_district.csv");
        File.WriteAllText(data, File.ReadAllText(data).Replace("玄武区", "玄武区 "));
        await Sandbox(cancellationToken, "export", "verify", copy).ConfigureAwait(false);

        Step("Every step above is in the hash-chained audit log");
        await Sandbox(cancellationToken, "--as", "city-auditor", "audit", "verify").ConfigureAwait(false);

        output.WriteLine();
        output.WriteLine($"Done. Look around with: sandbox --home {root} --as city-auditor audit show | job list | dataset show residents");
        return 0;
    }

    private void Step(string title)
    {
        output.WriteLine();
        output.WriteLine($"── {++_step}. {title}");
    }

    private async Task<int> Sandbox(CancellationToken cancellationToken, params string[] args)
    {
        var full = args.Concat(["--home", _root]).ToArray();
        output.WriteLine($"$ sandbox {string.Join(' ', args.Select(Quote))}");
        var code = await SandboxCli.RunAsync(full, output, output, time, cancellationToken).ConfigureAwait(false);
        if (code != 0) output.WriteLine($"  (exit code {code})");
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
        if (code != 0) throw new InvalidOperationException($"demo step failed (exit {code}): sandbox {string.Join(' ', args)}");
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
