using System.Text.Json;
using Sandbox.Host.Demo;

namespace Sandbox.Host.Tests.Exports;

/// <summary>
/// A test home with the synthetic city and only the documents the export flow needs (the grants and the principals
/// of the repository), so that other policy documents in progress cannot break these tests.
/// </summary>
internal static class ExportHome
{
    public static TestHome Create(int enterprises = 400, int residents = 100)
    {
        var home = new TestHome();
        var (e, r) = SyntheticCity.Write(Path.Combine(home.Root, "inputs"), enterprises, residents);
        home.Ok("dataset", "import", e, "--name", "enterprise_registry", "--subject", "uscc");
        home.Ok("dataset", "import", r, "--name", "residents", "--subject", "resident_id");
        home.Ok("policy", "apply", Path.Combine(TestHome.PoliciesDirectory, "grants"));
        home.Ok("policy", "apply", Path.Combine(TestHome.PoliciesDirectory, "training.yaml"));
        return home;
    }
}

/// <summary>A class fixture: an export home and one job, run once, whose outputs the tests request for export.</summary>
public abstract class ExportCity : IDisposable
{
    protected ExportCity(params string[] queries)
    {
        var job = Home.Job("nj-credit-2026", queries);
        JobId = JsonDocument.Parse(Home.Ok("job", "run", "--wait", job, "--json")).RootElement.GetProperty("id").GetString()!;
    }

    public TestHome Home { get; } = ExportHome.Create(enterprises: 400, residents: 100);

    public string JobId { get; }

    public void Dispose()
    {
        Home.Dispose();
        GC.SuppressFinalize(this);
    }
}
