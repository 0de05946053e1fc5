using System.Text.Json;
using Sandbox.Host.Exports;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Exports;

/// <summary>Interrupted releases: bundles no export names are removed; a released export keeps its bundle.</summary>
public sealed class ExportReconcilerTests
{
    [Fact]
    public void Reconcile_KeepsRecordedBundles_RemovesUnfinishedAndUnrecordedOnes()
    {
        using var home = ExportHome.Create(enterprises: 200, residents: 40);
        var job = JsonDocument.Parse(home.Ok("job", "run", "--wait", home.Job("nj-credit-2026", "n: select district, count(*) as n from enterprise_registry group by district"), "--json"))
            .RootElement.GetProperty("id").GetString()!;
        var export = JsonDocument.Parse(home.Ok("export", "request", job, "n", "--json")).RootElement.GetProperty("id").GetString()!;
        home.Ok("--as", "gov-reviewer", "export", "review", export, "--stage", "technical", "--approve", "--note", "ok");
        home.Ok("--as", "expert-reviewer", "export", "review", export, "--stage", "comprehensive", "--approve", "--note", "ok");
        home.Ok("export", "release", export);
        var bundles = Path.Combine(home.Root, "bundles");
        var released = Assert.Single(Directory.GetDirectories(bundles));
        var unfinished = Directory.CreateDirectory(Path.Combine(bundles, ".rel-20261127-000000-aaaaaa.tmp-0123")).FullName;
        var unrecorded = Directory.CreateDirectory(Path.Combine(bundles, "rel-20261127-000000-bbbbbb")).FullName;
        File.WriteAllText(Path.Combine(unrecorded, "manifest.json"), "{}");
        var other = Directory.CreateDirectory(Path.Combine(bundles, "notes")).FullName;

        using (var session = SandboxSession.Open(new SandboxHome(home.Root), null, home.Time))
        {
            Assert.Equal(2, ExportReconciler.Reconcile(session).Count);
        }

        Assert.True(Directory.Exists(released));
        Assert.False(Directory.Exists(unfinished));
        Assert.False(Directory.Exists(unrecorded));
        Assert.True(Directory.Exists(other));
        home.Ok("export", "verify", released, "--public-key", home.Ok("keys", "show").Trim());
        Assert.Equal(0, home.Run("--as", "city-auditor", "audit", "verify").Code);
    }
}
