using Sandbox.Export.Review;
using Sandbox.Host.Audit;
using Sandbox.Host.Store;

namespace Sandbox.Host.Tests.Audit;

/// <summary>The ledger replays export entries through the review rules, with the roles the log's policy entries declare.</summary>
public sealed class StateLedgerTests
{
    private const string Export = "exp-1";
    private static readonly DateTimeOffset At = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(long seq, string actor, string action, string subject, string detail) =>
        new(seq, At.AddMinutes(seq), actor, action, subject, detail, "", new string((char)('a' + (seq % 6)), 64));

    private static readonly AuditEntry Principals = Entry(1, "admin", "policy.apply", "/policies",
        """{"grants":[{"id":"g","state":"active"}],"principals":[{"id":"olga","roles":["operator"]},{"id":"gina","roles":["governance"]},{"id":"eric","roles":["expert"]}]}""");

    private static readonly AuditEntry Request = Entry(2, "olga", "export.request", Export, """{"verdict":"pass"}""");

    private static AuditEntry Review(long seq, string who, int stage, int state) =>
        Entry(seq, who, "export.review", Export, $$"""{"detail":{"stage":{{stage}},"action":0,"note":"ok"},"state":{{state}}}""");

    private static ExportHistory Replay(params AuditEntry[] entries) => StateLedger.Replay(entries, _ => false).Exports[Export];

    [Fact]
    public void Replay_TwoApprovalsByDistinctReviewers_ImpliesApprovedWithBothReviews()
    {
        var history = Replay(Principals, Request, Review(3, "gina", 0, 2), Review(4, "eric", 1, 4));

        Assert.Equal(ExportState.Approved, history.State);
        Assert.Empty(history.Problems);
        Assert.Equal([("gina", 3L), ("eric", 4L)], history.Reviews.Select(r => (r.Principal, r.Seq)));
        Assert.Equal(["governance"], history.Reviews[0].Roles);
    }

    [Fact]
    public void Replay_ReviewByTheRequester_DoesNotCount()
    {
        var history = Replay(Principals, Request, Review(3, "olga", 0, 2));

        Assert.Equal(ExportState.Checked, history.State);
        Assert.Contains("export exp-1: entry 3 (export.review by olga) does not count: The requester may not review their own export.", history.Problems);
    }

    [Fact]
    public void Replay_ReviewerWhoseRoleTheLogNeverDeclared_DoesNotCount()
    {
        var history = Replay(Request, Review(3, "gina", 0, 2));

        Assert.Equal(ExportState.Checked, history.State);
        Assert.Contains(history.Problems, p => p.Contains("needs the governance role", StringComparison.Ordinal));
    }

    [Fact]
    public void Replay_ResubmissionAfterAReturn_StartsANewRound()
    {
        var returned = Entry(3, "gina", "export.review", Export, """{"detail":{"stage":"technical","action":"return","note":"round the cells"},"state":6}""");
        var resubmitted = Entry(4, "olga", "export.resubmit", Export, """{"verdict":"pass","round":2}""");

        var history = Replay(Principals, Request, returned, resubmitted, Review(5, "gina", 0, 2));

        Assert.Equal(ExportState.TechnicalApproved, history.State);
        Assert.Equal(2, history.Round);
        Assert.Equal([1, 2], history.Reviews.Select(r => r.Round));
    }

    [Fact]
    public void Replay_LifecycleEntries_MoveTheGrant()
    {
        var suspended = Entry(2, "bureau-officer", "grant.suspend", "g", """{"from":"active","to":"suspended"}""");
        var refused = Entry(3, "olga", "grant.resume.refused", "g", """{"state":"suspended"}""");

        var ledger = StateLedger.Replay([Principals, suspended, refused], _ => false);

        Assert.Equal("suspended", ledger.Grants["g"]);
        Assert.Equal("grant g: stored as active, but its audit entries imply suspended", ledger.GrantProblem("g", "active"));
        Assert.Null(ledger.GrantProblem("g", "suspended"));
    }
}
