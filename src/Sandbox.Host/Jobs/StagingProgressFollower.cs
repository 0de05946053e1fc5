using Sandbox.Host.Staging;

namespace Sandbox.Host.Jobs;

/// <summary>
/// Shows a job's staging progress (<see cref="StagingProgressFile"/>) on <c>progress</c> while this process stages it
/// (<c>job run --wait --progress</c>): the file is read a few times a second in the background until disposed, which
/// shows what is left.
/// </summary>
internal sealed class StagingProgressFollower : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly StagingProgressReader _reader;
    private readonly TextWriter _progress;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _following;
    private readonly Lock _writing = new();

    public StagingProgressFollower(string path, TextWriter progress)
    {
        _reader = new StagingProgressReader(path);
        _progress = progress;
        _following = Task.Run(FollowAsync, CancellationToken.None);
    }

    /// <summary>Stops following and shows the lines written since the last read.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _following.GetAwaiter().GetResult();
        Show();
        _stop.Dispose();
    }

    private async Task FollowAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Show();
            try { await Task.Delay(Poll, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    private void Show()
    {
        lock (_writing)
        {
            foreach (var line in _reader.ReadNew()) _progress.WriteLine(line);
        }
    }
}
