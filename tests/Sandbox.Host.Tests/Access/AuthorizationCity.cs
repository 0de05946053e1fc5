using System.Text.Json;

namespace Sandbox.Host.Tests.Access;

/// <summary>
/// A home with zijin-credit's resources for the matrix: a succeeded job, a checked export, a released export, a data
/// request and a data-quality report (all by zijin-analyst), and a second zijin grant still at `applied`.
/// </summary>
public sealed class AuthorizationCity : IDisposable
{
    public AuthorizationCity()
    {
        Home = new TestHome().WithCity(enterprises: 200, residents: 60);
        var job = Home.Job("nj-credit-2026", "by_district: select district, count(*) as n from enterprise_registry group by district");
        JobId = JsonDocument.Parse(Home.Ok("--as", "zijin-analyst", "job", "run", "--wait", job, "--json")).RootElement.GetProperty("id").GetString()!;
        CheckedExport = ExportOf(Home.Ok("--as", "zijin-analyst", "export", "request", JobId, "by_district", "--json"));
        ReleasedExport = ExportOf(Home.Ok("--as", "zijin-analyst", "export", "request", JobId, "by_district", "--json"));
        Home.Ok("--as", "gov-reviewer", "export", "review", ReleasedExport, "--stage", "technical", "--approve", "--note", "district counts");
        Home.Ok("--as", "expert-reviewer", "export", "review", ReleasedExport, "--stage", "comprehensive", "--approve", "--note", "fit for release");
        Home.Ok("--as", "zijin-analyst", "export", "release", ReleasedExport);
        Home.Ok("--as", "zijin-analyst", "request", "file", "--grant", "nj-credit-2026", "--dataset", "residents", "--columns", "mobile", "--justification", "matrix");
        RequestId = JsonDocument.Parse(Home.Ok("--as", "bureau-officer", "request", "list", "--json")).RootElement[0].GetProperty("id").GetString()!;
        Home.Ok("--as", "zijin-analyst", "quality", "report", "--dataset", "residents", "--problem", "matrix");

        var draft = Path.Combine(Home.Root, "draft", "zijin-draft.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(draft)!);
        File.WriteAllText(draft, TestHome.GrantText("nj-credit-2026.yaml")
            .Replace("id: nj-credit-2026", "id: zijin-draft").Replace("agreement: { signed: 2025-12-20 }", ""));
        Home.Ok("--as", "bureau-officer", "policy", "apply", draft);

        foreach (var principal in AccessMatrix.Principals) Tokens[principal] = Home.Ok("--as", "admin", "token", "issue", principal).Trim();
    }

    public TestHome Home { get; }
    public string JobId { get; }
    public string CheckedExport { get; }
    public string ReleasedExport { get; }
    public string RequestId { get; }
    public Dictionary<string, string> Tokens { get; } = [];

    /// <summary>A folder outside the home for what commands write there (dummy data), removed with the city.</summary>
    public string Outside { get; } = Directory.CreateTempSubdirectory("sandbox-matrix-").FullName;

    private static string ExportOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;

    public void Dispose()
    {
        Directory.Delete(Outside, recursive: true);
        Home.Dispose();
    }
}
