using System.Globalization;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Store;

/// <summary>
/// Changes committed at once from several sessions of one process (a host's workers and its API) are serialized by
/// the process before SQLite sees them, and the signed head they leave covers each one by the time its change returns
/// (one head may be signed for several commits).
/// </summary>
public sealed class AuditHeadConcurrencyTests : IDisposable
{
    private readonly TestHome _home = new();

    [Fact]
    public async Task Change_FromFourSessionsAtOnce_EachReturnsCoveredByTheSignedHeadAndTheLogVerifies()
    {
        var home = new SandboxHome(_home.Root);
        const int Sessions = 4, Changes = 25;
        var behind = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(s => Task.Run(() =>
        {
            using var session = SandboxSession.Open(home, null, TimeProvider.System);
            var uncovered = new List<string>();
            for (var i = 0; i < Changes; i++)
            {
                var subject = $"test-{s}-{i}";
                session.Store.Record("admin", "test.concurrent", subject, new { s, i });
                var mine = session.Store.ListAudit().Single(e => e.Subject == subject).Seq;
                var signed = long.Parse(File.ReadAllText(home.AuditHeadPath).Split(' ')[0], CultureInfo.InvariantCulture);
                if (signed < mine) uncovered.Add($"{subject}: entry {mine}, head {signed}");
            }
            return uncovered;
        })));

        Assert.Empty(behind.SelectMany(b => b));
        using var check = SandboxSession.Open(home, null, TimeProvider.System);
        var entries = check.Store.ListAudit();
        Assert.Equal(Sessions * Changes, entries.Count(e => e.Action == "test.concurrent"));
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Seq));
        Assert.Empty(AuditLog.Verify(check.Store));
    }

    public void Dispose() => _home.Dispose();
}
