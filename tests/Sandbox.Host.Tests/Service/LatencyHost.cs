using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Sandbox.Host.Api;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// The host a latency test sends its jobs to: a Kestrel host in the test's own process, or <c>sandbox serve</c> of a
/// given executable (a published build, as deployed) in a process of its own, on the same home. Either way its address
/// and the processor time it has used so far.
/// </summary>
internal sealed partial class LatencyHost : IAsyncDisposable
{
    private readonly WebApplication? _app;
    private readonly Process? _process;

    private LatencyHost(Uri address, WebApplication? app, Process? process)
    {
        Address = address;
        _app = app;
        _process = process;
    }

    public Uri Address { get; }

    /// <summary>What serves the jobs, for the bench's line.</summary>
    public string Kind => _process is null ? "in the test's process" : "`sandbox serve` of a published build";

    /// <summary>Whose processor time <see cref="ProcessorTime"/> counts.</summary>
    public string CpuOf => _process is null ? "host and clients, one process" : "the host's process alone";

    public static async Task<LatencyHost> StartAsync(string home, string? executable)
    {
        if (executable is null)
        {
            var app = new ApiServer(new SandboxHome(home), TimeProvider.System) { WorkersPerBackend = 4, RequestsPerMinute = 100_000 }.Build("http://127.0.0.1:0");
            await app.StartAsync();
            return new LatencyHost(new Uri(ApiServer.Address(app)), app, null);
        }

        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--home", home, "--lang", "en", "serve", "--urls", "http://127.0.0.1:0" }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable}: did not start");
        // A line says where it listens, among its JSON log lines on stdout; those that follow are drained so the host
        // never blocks on a full pipe.
        Match? listening = null;
        for (var line = ""; line is not null && listening is not { Success: true };)
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            listening = line is not null && line.StartsWith("serving ", StringComparison.Ordinal) ? Listening().Match(line) : null;
        }
        if (listening is not { Success: true })
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{executable} serve: ended without saying where it listens: {await process.StandardError.ReadToEndAsync()}");
        }
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return new LatencyHost(new Uri(listening.Value), null, process);
    }

    public TimeSpan ProcessorTime()
    {
        if (_process is null) return Process.GetCurrentProcess().TotalProcessorTime;
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:[0-9]+")]
    private static partial Regex Listening();
}
