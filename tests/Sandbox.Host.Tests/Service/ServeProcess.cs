using System.Diagnostics;

namespace Sandbox.Host.Tests.Service;

/// <summary>A real <c>sandbox serve</c> process (the built sandbox.dll) on a home, on a free loopback port.</summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process) => _process = process;

    /// <summary>Starts serving <paramref name="home"/> and waits until it says it serves.</summary>
    public static ServeProcess Start(TestHome home)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "sandbox.dll"), "serve", "--home", home.Root, "--urls", "http://127.0.0.1:0" }) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("serving ", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException("sandbox serve did not start within 60 s");
        }
        return new ServeProcess(process);
    }

    public int Pid => _process.Id;

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
