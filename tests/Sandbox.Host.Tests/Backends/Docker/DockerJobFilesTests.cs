using System.Diagnostics;
using System.Text.Json;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>
/// Container jobs and the home's secrets: <c>files:</c> brings nothing from outside the job's folder, and a job that
/// looks for the keys everywhere it can reach finds nothing.
/// </summary>
[Collection("docker")]
public sealed class DockerJobFilesTests(DockerCity city) : IClassFixture<DockerCity>
{
    private string Keys => Path.Combine(city.Home.Root, "keys");

    private (string Folder, string Job) JobWithFiles(string files)
    {
        var folder = Path.Combine(city.Home.Root, "jobs", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "code"));
        File.WriteAllText(Path.Combine(folder, "code", "main.py"), "import os\nfor r, d, f in os.walk('/job'):\n    print(r, f)\n");
        var job = Path.Combine(folder, "job.yaml");
        File.WriteAllLines(job, ["grant: nj-credit-2026", "kind: container", "image: sandbox/python", "command: [python3, main.py]", $"files: {files}", "limits: { timeout: 20s }"]);
        return (folder, job);
    }

    private (int Code, string Said) RunRefused(string job)
    {
        var (code, output, error) = city.Home.Run("job", "run", job, "--wait", "--json", "--backend", "docker");
        return (code, output + error);
    }

    [DockerFact]
    public void Run_FilesClimbingToTheKeys_IsRefusedAtLoadNamingTheField()
    {
        var (_, job) = JobWithFiles("../../keys");

        var (code, said) = RunRefused(job);

        Assert.Equal(2, code);
        Assert.Contains("files", said);
        Assert.Contains("'..'", said);
    }

    [DockerFact]
    public void Run_SymbolicLinkToTheKeysInsideTheFolder_IsRefusedAndNothingIsCopied()
    {
        var (folder, job) = JobWithFiles("code");
        File.CreateSymbolicLink(Path.Combine(folder, "code", "masking.key"), Path.Combine(Keys, "masking.key"));

        var (code, said) = RunRefused(job);

        Assert.NotEqual(0, code);
        Assert.Contains("files: code/masking.key: a symbolic link", said);
        Assert.Empty(Directory.GetDirectories(Path.Combine(city.Home.Root, "workspaces")));
    }

    [DockerFact]
    public void Run_HardLinkToAKeyInsideTheFolder_IsRefused()
    {
        var (folder, job) = JobWithFiles("code");
        using (var ln = Process.Start("ln", [Path.Combine(Keys, "signing.ed25519"), Path.Combine(folder, "code", "signing.ed25519")]))
        {
            ln.WaitForExit();
        }

        var (code, said) = RunRefused(job);

        Assert.NotEqual(0, code);
        Assert.Contains("files: code/signing.ed25519: a hard link", said);
    }

    [DockerFact]
    public void Run_ContainerLookingForTheKeysEverywhere_FindsNothing()
    {
        city.Home.Ok("token", "issue", "admin");
        var keyFiles = Directory.GetFiles(Keys);
        var secrets = keyFiles.Select(File.ReadAllBytes).ToList();
        var names = keyFiles.Select(Path.GetFileName).ToList();
        var paths = keyFiles.Concat(keyFiles.SelectMany(k => new[] { "/proc/1/root" + k, "/proc/self/root" + k, "/job/../" + k.TrimStart('/'), "/data/../../" + k.TrimStart('/') }))
            .Append(Keys).Append(city.Home.Root).ToList();
        var job = city.Run(city.PythonJob($$"""
            import os
            found = 0
            for p in {{JsonSerializer.Serialize(paths)}}:
                try:
                    if os.path.isdir(p):
                        print("LISTED", p, os.listdir(p)); found += 1
                    else:
                        open(p, "rb").read(1); print("READ", p); found += 1
                except OSError as e:
                    print("blocked:", type(e).__name__)
            # Anywhere in the container's own file system: no file by a key's name.
            for root, dirs, files in os.walk("/", onerror=lambda e: None):
                if root.startswith(("/proc", "/sys", "/dev")):
                    dirs[:] = []
                    continue
                for f in files:
                    if f in {{JsonSerializer.Serialize(names)}}:
                        print("FOUND", os.path.join(root, f)); found += 1
            raise SystemExit(10 + found)
            """));

        Assert.Contains("exited 10", job.GetProperty("reason").GetString());
        var logs = city.Logs(job);
        Assert.DoesNotContain("READ", logs);
        Assert.DoesNotContain("LISTED", logs);
        Assert.DoesNotContain("FOUND", logs);
        Assert.Equal(paths.Count, logs.Split('\n').Count(l => l.Contains("blocked:", StringComparison.Ordinal)));
        foreach (var secret in secrets) Assert.DoesNotContain(Convert.ToHexStringLower(secret), logs, StringComparison.OrdinalIgnoreCase);
    }
}
