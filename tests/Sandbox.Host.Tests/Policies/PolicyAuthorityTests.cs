using System.Security.Cryptography;
using System.Text.Json;

namespace Sandbox.Host.Tests.Policies;

/// <summary>Policy is the bureau's: what an operator tried in round 1 (its own grant, a re-import, an admin token) is refused.</summary>
public sealed class PolicyAuthorityTests
{
    private static string SelfGrant(TestHome home, string constraints)
    {
        var path = Path.Combine(home.Root, "self", "nj-self.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, TestHome.GrantText("nj-credit-2026.yaml").Replace("id: nj-credit-2026", "id: nj-self")
            .Replace("constraints: { resident_id: masked }", constraints));
        return path;
    }

    [Fact]
    public void Apply_AnOperatorsOwnGrant_IsRefusedAndNothingIsStored()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, _, err) = home.Run("--as", "zijin-analyst", "policy", "apply", SelfGrant(home, "constraints: { resident_id: plain }"));
        Assert.Equal(1, code);
        Assert.Contains("zijin-analyst may not apply grants or the working calendar (needs role bureau)", err);
        Assert.DoesNotContain("nj-self", home.Ok("--as", "bureau-officer", "grant", "list"));
    }

    [Fact]
    public async Task Apply_AnOperatorsGrantAndCalendar_EveryRefusalInTheReadersLanguage_SameExitCode()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var grant = SelfGrant(home, "constraints: { resident_id: masked }");
        var calendar = Path.Combine(home.Root, "self", "calendar.yaml");
        // The repository's calendar with one more holiday: a change only the bureau may make.
        File.WriteAllText(calendar, File.ReadAllText(Path.Combine(TestHome.PoliciesDirectory, "calendar.yaml"))
            .Replace("    - 2026-01-01\n", "    - 2026-01-01\n    - 2026-12-31\n", StringComparison.Ordinal));
        string[] args = ["--as", "zijin-analyst", "policy", "apply", Path.GetDirectoryName(grant)!, "--home", home.Root];

        var en = await Sandbox.Host.Tests.Cli.SandboxProcess.RunAsync(args);
        var zh = await Sandbox.Host.Tests.Cli.SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);

        Assert.Equal((1, 1), (en.Code, zh.Code));
        Assert.Contains($"{grant}: grant nj-self: zijin-analyst may not apply grants or the working calendar (needs role bureau)", en.Err, StringComparison.Ordinal);
        Assert.Contains($"{calendar}: calendar: zijin-analyst may not", en.Err, StringComparison.Ordinal);
        Assert.Contains($"{grant}：授权 nj-self：zijin-analyst", zh.Err, StringComparison.Ordinal);
        Assert.Contains($"{calendar}：工作日历：zijin-analyst", zh.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("may not", zh.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_GrantOpeningALevel4ColumnToPlain_NeedsTheBureausRecordedApproval()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var grant = SelfGrant(home, "constraints: { resident_id: plain }");

        var (code, _, err) = home.Run("--as", "bureau-officer", "policy", "apply", grant);
        Assert.Equal(1, code);
        Assert.Contains("grant nj-self opens level-4 residents.resident_id to keep/plain", err);
        Assert.Contains("--approve-loosening", err);

        home.Ok("--as", "bureau-officer", "policy", "apply", grant, "--approve-loosening", "court order 2026-17: identity resolution for fraud cases");
        var entry = JsonDocument.Parse(home.Ok("audit", "show", "--json")).RootElement.EnumerateArray()
            .Last(e => e.GetProperty("action").GetString() == "policy.apply");
        var loosening = JsonDocument.Parse(entry.GetProperty("detail").GetString()!).RootElement.GetProperty("loosening");
        Assert.Equal("bureau-officer", loosening.GetProperty("approvedBy").GetString());
        Assert.Contains("court order", loosening.GetProperty("reason").GetString());
    }

    [Fact]
    public void Apply_Grant_StoresItsConsentEvidenceHashedAndOwnerOnly()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var evidence = Path.Combine(TestHome.PoliciesDirectory, "consent", "nj-credit-2026", "residents-credit-authorization-2025-12.md");
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(evidence)));

        var stored = Path.Combine(home.Root, "evidence", sha + ".md");
        Assert.True(File.Exists(stored));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));
        Assert.Contains(sha, home.Ok("audit", "show"));
    }

    [Fact]
    public void Apply_GrantNamingMissingEvidence_IsBadInputNamingTheField()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var path = SelfGrant(home, "constraints: { resident_id: masked }");
        File.WriteAllText(path, File.ReadAllText(path).Replace("residents-credit-authorization-2025-12.md", "nowhere.md"));
        var (code, _, err) = home.Run("--as", "bureau-officer", "policy", "apply", path);
        Assert.Equal(2, code);
        Assert.Contains("consent.residents.evidence:", err);
        Assert.Contains("nowhere.md: file not found", err);
    }

    [Theory]
    [InlineData("dataset", "import", "{csv}", "--name", "residents")]
    [InlineData("token", "issue", "admin")]
    [InlineData("mask", "apply", "{csv}", "--rules", "{rules}", "--out", "{out}")]
    public void Operator_PlatformOrBureauAction_IsRefusedNamingTheRule(params string[] args)
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var csv = Directory.GetFiles(Path.Combine(home.Root, "inputs"), "*resident*").First();
        var filled = args.Select(a => a.Replace("{csv}", csv).Replace("{rules}", Path.Combine(TestHome.PoliciesDirectory, "masking", "residents.yaml"))
            .Replace("{out}", Path.Combine(home.Root, "dict.csv"))).ToArray();
        var before = home.Ok("--as", "bureau-officer", "dataset", "show", "residents", "--json");

        var (code, _, err) = home.Run(["--as", "zijin-analyst", .. filled]);

        Assert.Equal(1, code);
        Assert.Contains("zijin-analyst may not", err);
        Assert.Equal(before, home.Ok("--as", "bureau-officer", "dataset", "show", "residents", "--json"));
    }
}
