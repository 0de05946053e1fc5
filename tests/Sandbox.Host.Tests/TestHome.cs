using Microsoft.Extensions.Time.Testing;
using Sandbox.Host.Cli;
using Sandbox.Host.Demo;

namespace Sandbox.Host.Tests;

/// <summary>A fresh sandbox home in a temp folder, driven through the real CLI, on a fake clock.</summary>
public sealed class TestHome : IDisposable
{
    public TestHome(bool initialize = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "sandbox-test-" + Guid.NewGuid().ToString("N")[..12]);
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        if (initialize)
        {
            Ok("init");
            // A home as the administrator sets it up: the repository's principals and approved images are declared.
            Ok("--as", "admin", "policy", "apply", Path.Combine(PoliciesDirectory, "principals.yaml"));
            Ok("--as", "admin", "policy", "apply", Path.Combine(PoliciesDirectory, "images.yaml"));
        }
    }

    public string Root { get; }
    public FakeTimeProvider Time { get; }

    /// <summary>
    /// Runs `sandbox ARGS --home ROOT` and returns exit code, stdout and stderr. Without `--as` the command acts as
    /// the principal whose work it is (<see cref="ActorOf"/>): tests about who may do what name the actor themselves.
    /// </summary>
    public (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        if (!args.Contains("--as") && ActorOf(args) is { } actor) args = ["--as", actor, .. args];
        // No locale from the machine running the tests: English unless a test says --lang.
        var code = SandboxCli.RunAsync([.. args, "--home", Root], output, error, Time, static _ => null).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The principal (of policies/principals.yaml) whose work a command is, or null for the administrator.</summary>
    public static string? ActorOf(IReadOnlyList<string> args)
    {
        var words = args.Where(a => !a.StartsWith('-')).Take(2).ToArray();
        return (words.ElementAtOrDefault(0), words.ElementAtOrDefault(1)) switch
        {
            ("policy", _) when args.Any(a => Path.GetFileName(a).StartsWith("principals", StringComparison.Ordinal) || Path.GetFileName(a).StartsWith("images", StringComparison.Ordinal)) => null,
            ("policy" or "dataset" or "grant" or "training", _) or ("mask", "apply") => Bureau,
            ("request", "file") or ("quality", "report") => Analyst,
            ("request" or "quality", _) => Bureau,
            ("job" or "dummy", _) or ("export", "request" or "release" or "withdraw" or "resubmit" or "show") or ("report", _) => Analyst,
            ("audit", _) => "city-auditor",
            ("monitor", _) => "gov-reviewer",
            _ => null,
        };
    }

    /// <summary>Runs SQL on the control store directly, as someone holding a copy of the home would.</summary>
    public void Sql(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Root, "control.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a command that must succeed; returns stdout.</summary>
    public string Ok(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.True(code == 0, $"sandbox {string.Join(' ', args)} exited {code}: {error}{output}");
        return output;
    }

    /// <summary>Imports the synthetic city and applies the repository's policies.</summary>
    public TestHome WithCity(int enterprises = 400, int residents = 600)
    {
        // The bureau imports the data and applies the grants (the commands' default actors, see ActorOf).
        var (e, r) = SyntheticCity.Write(Path.Combine(Root, "inputs"), enterprises, residents);
        Ok("dataset", "import", e, "--name", "enterprise_registry", "--subject", "uscc");
        Ok("dataset", "import", r, "--name", "residents", "--subject", "resident_id");
        Ok("policy", "apply", PoliciesDirectory);
        return this;
    }

    /// <summary>Writes a job file for grant <paramref name="grant"/> with queries "name: sql".</summary>
    public string Job(string grant, params string[] queries)
    {
        var path = Path.Combine(Root, "jobs", Guid.NewGuid().ToString("N")[..8] + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, new[] { $"grant: {grant}", "kind: sql", "queries:" }.Concat(queries.Select(q => "  " + q)).Append("limits: { timeout: 20s }"));
        return path;
    }

    /// <summary>The bureau's principal in the repository's principals.yaml.</summary>
    public const string Bureau = "bureau-officer";

    /// <summary>The operator principal of grant nj-credit-2026 (zijin-credit).</summary>
    public const string Analyst = "zijin-analyst";

    /// <summary>A repository grant's text, its consent evidence named by absolute path so a copy applies from any folder.</summary>
    public static string GrantText(string file) =>
        File.ReadAllText(Path.Combine(PoliciesDirectory, "grants", file)).Replace("evidence: ../consent/", $"evidence: {PoliciesDirectory}/consent/", StringComparison.Ordinal);

    public static string PoliciesDirectory => Path.Combine(RepositoryRoot, "policies");

    public static string RepositoryRoot
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(dir, "Sandbox.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
            return dir;
        }
    }

    public void Dispose()
    {
        // The store's connections are pooled per process: those idle on this home close now, not when the pool prunes them.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // A host stopped a moment ago may still close its store (SQLite's -wal and -shm files come and go): on a loaded
        // machine the recursive delete can meet a file created after it listed the folder. It tries again, briefly.
        for (var attempt = 1; Directory.Exists(Root); attempt++)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(200 * attempt);
            }
        }
    }
}
