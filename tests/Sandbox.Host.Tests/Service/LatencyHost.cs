using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Sandbox.Host.Api;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// The host a latency test sends its jobs to, with as many workers as jobs in flight: a Kestrel host in the test's
/// own process, or <c>sandbox serve</c> of a given executable (a published build, as deployed) in a process of its own
/// on the same home. Either way its address and the processor time it has used so far.
/// </summary>
internal sealed class LatencyHost : IAsyncDisposable
{
    private readonly WebApplication? _app;
    private readonly ServeProcess? _process;

    private LatencyHost(Uri address, WebApplication? app, ServeProcess? process)
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

    public static async Task<LatencyHost> StartAsync(TestHome home, int workers, string? executable)
    {
        if (executable is not null)
        {
            // The default is not named, so a build from before --workers can be timed beside (SANDBOX_BENCH_WORKERS=2).
            string[] arguments = workers == ApiServer.DefaultWorkersPerBackend ? [] : ["--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            var process = ServeProcess.Start(home, null, executable, arguments);
            return new LatencyHost(process.Address, null, process);
        }
        var app = new ApiServer(new SandboxHome(home.Root), TimeProvider.System) { WorkersPerBackend = workers, RequestsPerMinute = 100_000 }.Build("http://127.0.0.1:0");
        await app.StartAsync();
        return new LatencyHost(new Uri(ApiServer.Address(app)), app, null);
    }

    public TimeSpan ProcessorTime() => _process?.ProcessorTime() ?? Process.GetCurrentProcess().TotalProcessorTime;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _process?.Dispose();
    }
}
