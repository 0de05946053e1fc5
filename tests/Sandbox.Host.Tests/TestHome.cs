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
        if (initialize) Ok("init");
    }

    public string Root { get; }
    public FakeTimeProvider Time { get; }

    /// <summary>Runs `sandbox ARGS --home ROOT` and returns exit code, stdout and stderr.</summary>
    public (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SandboxCli.RunAsync([.. args, "--home", Root], output, error, Time).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
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
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
