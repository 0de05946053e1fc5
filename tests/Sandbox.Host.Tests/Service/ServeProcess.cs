using System.Diagnostics;

namespace Sandbox.Host.Tests.Service;

/// <summary>A real <c>sandbox serve</c> process (the built sandbox.dll) on a home, on a free loopback port.</summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process) => _process = process;

    /// <summary>The address it listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; private init; } = null!;

    /// <summary>
    /// Starts serving <paramref name="home"/> (with <paramref name="environment"/> added to its own, and
    /// <paramref name="arguments"/> after serve's own) and waits until it says it serves: the built sandbox.dll, or
    /// <paramref name="executable"/> (a published build) when given.
    /// </summary>
    public static ServeProcess Start(TestHome home, IReadOnlyDictionary<string, string>? environment = null, string? executable = null, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        string? address = null;
        if (executable is null) info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sandbox.dll"));
        foreach (var arg in (string[])["serve", "--home", home.Root, "--urls", "http://127.0.0.1:0", .. arguments]) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("serving ", StringComparison.Ordinal) == true)
            {
                // "serving HOME on http://127.0.0.1:PORT (…)"
                address = e.Data.Split(' ').FirstOrDefault(w => w.StartsWith("http://", StringComparison.Ordinal));
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException("sandbox serve did not start within 60 s");
        }
        return new ServeProcess(process) { Address = new Uri(address!) };
    }

    public int Pid => _process.Id;

    /// <summary>The processor time the process has used so far (user and system).</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed or checkpointed.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then the exit code, or null when it did not exit within <paramref name="within"/>.</summary>
    public int? Terminate(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        return _process.WaitForExit(within) ? _process.ExitCode : null;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
