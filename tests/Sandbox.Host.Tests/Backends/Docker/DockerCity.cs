using System.Text.Json;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>A home with the synthetic city, shared by the docker tests of one class; helpers for container jobs.</summary>
public sealed class DockerCity : IDisposable
{
    private TestHome? _home;

    public TestHome Home => _home ??= new TestHome().WithCity(enterprises: 400, residents: 600);

    /// <summary>Writes a python job (<c>main.py</c> in its own files folder) and returns the job file.</summary>
    public string PythonJob(string script, string limits = "{ timeout: 20s, memory: 256MiB, cpus: 1, pids: 64, output: 8MiB }", string image = "sandbox/python", string? tables = null)
    {
        var folder = Path.Combine(Home.Root, "jobs", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "code"));
        File.WriteAllText(Path.Combine(folder, "code", "main.py"), script);
        var job = Path.Combine(folder, "job.yaml");
        File.WriteAllLines(job,
        [
            "grant: nj-credit-2026",
            "kind: container",
            $"image: {image}",
            "command: [python3, main.py]",
            "files: ./code",
            $"limits: {limits}",
            .. tables is null ? Array.Empty<string>() : [$"tables: {tables}"],
        ]);
        return job;
    }

    /// <summary>Runs a job on docker and returns the contract JSON of `job show`.</summary>
    public JsonElement Run(string job)
    {
        var (code, output, error) = Home.Run("job", "run", job, "--wait", "--json", "--backend", "docker");
        Assert.True(code is 0 or 1, $"job run exited {code}: {error}{output}");
        var id = JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!;
        return JsonDocument.Parse(Home.Ok("job", "show", id, "--json")).RootElement;
    }

    public string Logs(JsonElement job) => Home.Ok("job", "logs", job.GetProperty("id").GetString()!);

    public void Dispose() => _home?.Dispose();
}
