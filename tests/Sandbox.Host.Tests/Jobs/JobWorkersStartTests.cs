using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Store;

namespace Sandbox.Host.Tests.Jobs;

/// <summary>
/// A serving host's start removes the containers a dead host left; an engine that answers its ping but never lists its
/// containers (dockerd can stall so while a container is stuck) must not hold the queue: inprocess jobs run at once,
/// docker jobs wait for the removal only up to its limit, and a stop does not wait for the engine.
/// </summary>
public sealed class JobWorkersStartTests : IDisposable
{
    private readonly TestHome _home = new TestHome().WithCity(enterprises: 30, residents: 30);
    private readonly string _engineFolder = Directory.CreateTempSubdirectory("sbx-engine-").FullName;

    public void Dispose()
    {
        _home.Dispose();
        Directory.Delete(_engineFolder, recursive: true);
    }

    [Fact]
    public async Task AnEngineThatNeverListsItsContainers_HoldsNoInprocessJob_NorTheStop()
    {
        using var engine = new StalledEngine(Path.Combine(_engineFolder, "docker.sock"));
        var log = new ListLogger();
        using var workers = Workers(engine, log, limit: TimeSpan.FromMinutes(10));
        await workers.StartAsync(CancellationToken.None);
        await engine.Listing.WaitAsync(TimeSpan.FromSeconds(60));

        var sql = Enqueue("inprocess");
        var docker = Enqueue("docker");

        Assert.Equal(JobState.Succeeded, (await EndOf(sql)).State);
        // The removal has not ended (the engine never answered), so no docker job was taken: it could be one of ours.
        Assert.Equal(JobState.Queued, Find(docker).State);
        Assert.DoesNotContain(log.Lines, l => l.Contains("not reconciled", StringComparison.Ordinal));

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await workers.StopAsync(bound.Token);
        Assert.False(bound.IsCancellationRequested, "the stop waited for the stalled engine");
    }

    [Fact]
    public async Task AnEngineThatNeverListsItsContainers_IsLoggedAtTheLimit_ThenDockerJobsRun()
    {
        using var engine = new StalledEngine(Path.Combine(_engineFolder, "docker.sock"));
        var log = new ListLogger();
        using var workers = Workers(engine, log, limit: TimeSpan.FromSeconds(1));
        await workers.StartAsync(CancellationToken.None);

        var docker = Enqueue("docker");

        // Taken once the limit has passed (it then ends as the real engine, or its absence, decides).
        var ended = await EndOf(docker);
        Assert.NotEqual(JobState.Queued, ended.State);
        Assert.Contains(log.Lines, l => l.Contains("not reconciled (no answer within 1 s); docker jobs run without it", StringComparison.Ordinal));
        await workers.StopAsync(CancellationToken.None);
    }

    private JobWorkers Workers(StalledEngine engine, ILogger log, TimeSpan limit) =>
        new(new SandboxHome(_home.Root), TimeProvider.System, log)
        {
            DockerEndpoint = new Uri("unix://" + engine.Path),
            ContainerReconcileLimit = limit,
            Poll = TimeSpan.FromMilliseconds(50),
        };

    private string Enqueue(string backend)
    {
        using var session = SandboxSession.Open(new SandboxHome(_home.Root), TestHome.Analyst, TimeProvider.System);
        return JobService.Enqueue(session, _home.Job("nj-credit-2026", "n: select count(*) as n from residents"), backend).Id;
    }

    private JobRecord Find(string id)
    {
        using var session = SandboxSession.Open(new SandboxHome(_home.Root), SandboxSession.Administrator, TimeProvider.System);
        return session.Store.FindJob(id)!;
    }

    private async Task<JobRecord> EndOf(string id)
    {
        for (var i = 0; i < 1200; i++)
        {
            var job = Find(id);
            if (!job.State.IsActive()) return job;
            await Task.Delay(50);
        }
        throw new TimeoutException($"job {id} never ended");
    }

    /// <summary>An engine on a unix socket that answers pings and never answers anything else (it only notes the first).</summary>
    private sealed class StalledEngine : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly List<Socket> _accepted = [];
        private readonly TaskCompletionSource _listing = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StalledEngine(string path)
        {
            Path = path;
            _listener.Bind(new UnixDomainSocketEndPoint(path));
            _listener.Listen();
            _ = Task.Run(AcceptAsync);
        }

        public string Path { get; }

        /// <summary>Completes when a request other than a ping has come (and will never be answered).</summary>
        public Task Listing => _listing.Task;

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptAsync();
                    lock (_accepted) _accepted.Add(socket);
                    _ = Task.Run(() => ServeAsync(socket));
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            var pending = new StringBuilder();
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer);
                    if (read == 0) return;
                    pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    int end;
                    while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                    {
                        var head = pending.ToString(0, end);
                        pending.Remove(0, end + 4);
                        if (!head.Split("\r\n")[0].Contains("/_ping", StringComparison.Ordinal))
                        {
                            _listing.TrySetResult();
                            return;  // never answered; the connection stays open until the engine is disposed
                        }
                        await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nApi-Version: 1.43\r\n\r\nOK"));
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _listener.Dispose();
            lock (_accepted) foreach (var socket in _accepted) socket.Dispose();
        }
    }

    private sealed class ListLogger : ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines { get { lock (_lines) return [.. _lines]; } }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines) _lines.Add(formatter(state, exception));
        }
    }
}
