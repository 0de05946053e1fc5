using System.Text.Json;

namespace Sandbox.Host.Tests.Governance;

/// <summary>The grant lifecycle through the CLI on a fake clock (2026-11-27, a Friday, 10:00 in Nanjing).</summary>
public sealed class GrantLifecycleTests
{
    private const string Applied = "nj-logistics-2027";

    private static string Agreement => Path.Combine(TestHome.PoliciesDirectory, "agreements", "nj-logistics-2027.yaml");

    private static string StateOf(TestHome home, string grant) =>
        JsonDocument.Parse(home.Ok("grant", "list", "--json")).RootElement.EnumerateArray()
            .Single(g => g.GetProperty("id").GetString() == grant).GetProperty("state").GetString()!;

    [Fact]
    public void Lifecycle_EveryLegalTransition_WithPublicityOfFiveWorkingDays()
    {
        using var home = new TestHome().WithCity(enterprises: 30, residents: 30);
        Assert.Equal("applied", StateOf(home, Applied));

        home.Ok("--as", "bureau-officer", "grant", "review", Applied);
        Assert.Equal("under-review", StateOf(home, Applied));

        // Publicized on Friday 2026-11-27: working days 11-27, 11-30, 12-01, 12-02, 12-03.
        Assert.Contains("through 2026-12-03", home.Ok("--as", "bureau-officer", "grant", "publicize", Applied));

        home.Time.Advance(TimeSpan.FromDays(5)); // Wednesday 2026-12-02, the 4th working day
        var (code, _, err) = home.Run("--as", "bureau-officer", "grant", "activate", Applied, "--agreement", Agreement);
        Assert.Equal(1, code);
        Assert.Contains("working day 4 of 5", err);
        Assert.Contains("cannot be shortened", err);

        home.Time.Advance(TimeSpan.FromDays(1)); // the 5th working day: still publicity
        Assert.Contains("working day 5 of 5", home.Run("--as", "bureau-officer", "grant", "activate", Applied, "--agreement", Agreement).Err);

        home.Time.Advance(TimeSpan.FromDays(1)); // Friday 2026-12-04
        home.Ok("--as", "bureau-officer", "grant", "activate", Applied, "--agreement", Agreement);
        Assert.Equal("active", StateOf(home, Applied));
        var shown = JsonDocument.Parse(home.Ok("grant", "show", Applied, "--json")).RootElement.GetProperty("lifecycle");
        Assert.Equal("2026-12-03", shown.GetProperty("publicityEnds").GetString());
        Assert.Equal(2, shown.GetProperty("agreement").GetProperty("parties").GetArrayLength());

        home.Ok("grant", "suspend", Applied, "--reason", "on-site check");
        Assert.Equal("suspended", StateOf(home, Applied));
        home.Ok("grant", "resume", Applied);
        Assert.Equal("active", StateOf(home, Applied));
        home.Ok("grant", "terminate", Applied, "--reason", "operator withdrew");
        Assert.Equal("terminated", StateOf(home, Applied));

        var audit = home.Ok("audit", "show");
        foreach (var action in new[] { "grant.review", "grant.publicize", "grant.activate.refused", "grant.activate", "grant.suspend", "grant.resume", "grant.terminate" })
        {
            Assert.Contains(action, audit);
        }

        home.Ok("audit", "verify");
    }

    [Theory]
    [InlineData("activate", "it can be activated only when publicized")]
    [InlineData("publicize", "it can be publicized only when under-review")]
    [InlineData("resume", "it can be resumed only when suspended")]
    [InlineData("suspend", "it can be suspended only when active")]
    public void Lifecycle_IllegalTransition_IsRefusedWithTheReason(string verb, string reason)
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var args = new List<string> { "grant", verb, Applied };
        if (verb == "activate") args.AddRange(["--agreement", Agreement]);
        if (verb == "suspend") args.AddRange(["--reason", "x"]);

        var (code, _, err) = home.Run([.. args]);

        Assert.Equal(1, code);
        Assert.Contains($"grant {Applied} is applied: {reason}", err);
        Assert.Equal("applied", StateOf(home, Applied));
    }

    [Fact]
    public void Activate_AgreementForAnotherPeriod_IsBadInputNamingTheField()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        home.Ok("grant", "review", Applied);
        home.Ok("grant", "publicize", Applied);
        home.Time.Advance(TimeSpan.FromDays(10));
        var wrong = Path.Combine(home.Root, "agreement.yaml");
        File.WriteAllText(wrong, File.ReadAllText(Agreement).Replace("to: 2028-12-31", "to: 2029-12-31"));

        var (code, _, err) = home.Run("grant", "activate", Applied, "--agreement", wrong);

        Assert.Equal(2, code);
        Assert.Contains("agreement.yaml:", err);
        Assert.Contains("period", err);
        Assert.Equal("publicized", StateOf(home, Applied));
    }

    [Fact]
    public void Job_TheDayAfterExpiry_IsRefusedAndTheGrantIsRecordedExpired()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var job = home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        home.Ok("job", "run", "--wait", job);

        // The period ends 2030-12-31; 2031-01-01 10:00 in Nanjing.
        home.Time.SetUtcNow(new DateTimeOffset(2031, 1, 1, 2, 0, 0, TimeSpan.Zero));
        var (code, output, _) = home.Run("job", "run", "--wait", job, "--json");

        Assert.Equal(1, code);
        Assert.Contains("expired", JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString());
        Assert.Equal("expired", StateOf(home, "nj-credit-2026"));
        Assert.Contains("grant.expire", home.Ok("audit", "show"));
        Assert.Equal(1, home.Run("grant", "resume", "nj-credit-2026").Code);
    }

    [Fact]
    public void Evaluate_TwoConsecutivePoorYears_TerminatesTheGrantWithTheReason()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        home.Ok("--as", "bureau-officer", "grant", "evaluate", "nj-credit-2026", "--year", "2026", "--rating", "poor", "--note", "no product launched");
        Assert.Equal("active", StateOf(home, "nj-credit-2026"));
        home.Ok("--as", "bureau-officer", "grant", "evaluate", "nj-credit-2026", "--year", "2027", "--rating", "fair");
        home.Ok("--as", "bureau-officer", "grant", "evaluate", "nj-credit-2026", "--year", "2028", "--rating", "poor");
        Assert.Equal("active", StateOf(home, "nj-credit-2026"));

        var output = home.Ok("--as", "bureau-officer", "grant", "evaluate", "nj-credit-2026", "--year", "2029", "--rating", "poor");

        Assert.Contains("two consecutive poor annual evaluations (2028, 2029)", output);
        Assert.Equal("terminated", StateOf(home, "nj-credit-2026"));
        Assert.Contains("two consecutive poor", home.Ok("audit", "show"));
    }

    [Fact]
    public void Evaluate_ByAnOperator_IsRefused()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, _, err) = home.Run("--as", "zijin-analyst", "grant", "evaluate", "nj-credit-2026", "--year", "2026", "--rating", "good");
        Assert.Equal(1, code);
        Assert.Contains("needs role bureau", err);
    }
}
