using System.Text.Json;
using Sandbox.Export.Release;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Exports;

/// <summary>
/// A release proves its reviews: it is built from the audit log's review entries, not the state column, and a bundle
/// signed with the home's real key still does not verify without the approvals the review rules require.
/// </summary>
public sealed class ReleaseTamperTests : IClassFixture<ReleaseTamperTests.City>
{
    public sealed class City() : ExportCity(
        "by_district: select district, count(*) as enterprises from enterprise_registry group by district");

    private const string Analyst = "zijin-analyst";
    private const string Governance = "gov-reviewer";
    private const string Expert = "expert-reviewer";

    private readonly TestHome _home;
    private readonly string _job;

    public ReleaseTamperTests(City city)
    {
        _home = city.Home;
        _job = city.JobId;
    }

    private string Request() =>
        JsonDocument.Parse(_home.Ok("--as", Analyst, "export", "request", _job, "by_district", "--json")).RootElement.GetProperty("id").GetString()!;

    private void Review(string who, string id, string stage) =>
        _home.Ok("--as", who, "export", "review", id, "--stage", stage, "--approve", "--note", "checked the aggregates");

    private void Sql(string sql) => _home.Sql(sql);

    private string Released(string id)
    {
        Review(Governance, id, "technical");
        Review(Expert, id, "comprehensive");
        var line = _home.Ok("export", "release", id, "--to", Path.Combine(_home.Root, "out-" + id));
        return line.Trim()[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
    }

    [Fact]
    public void Release_StateApprovedByEditingTheDatabase_IsRefusedAndAuditVerifyNamesIt()
    {
        var id = Request();
        Sql($"UPDATE exports SET state = 'Approved' WHERE id = '{id}'");
        try
        {
            var (code, stdout, err) = _home.Run("export", "release", id);

            Assert.Equal(1, code);
            Assert.Contains($"export {id}: stored as Approved, but its audit entries imply Checked (no review entry approves it)", err);
            Assert.Single(err.Trim().Split('\n'));
            Assert.DoesNotContain("released", stdout);
            Assert.Contains("export.release.refused", _home.Ok("audit", "show"));

            var (verifyCode, _, verifyErr) = _home.Run("audit", "verify");
            Assert.Equal(1, verifyCode);
            Assert.Contains($"audit: export {id}: stored as Approved, but its audit entries imply Checked", verifyErr);
        }
        finally
        {
            Sql($"UPDATE exports SET state = 'Checked' WHERE id = '{id}'");
        }
    }

    [Fact]
    public void Release_OneApprovalThenStateEditedToApproved_IsRefusedNamingTheApproval()
    {
        var id = Request();
        Review(Governance, id, "technical");
        Sql($"UPDATE exports SET state = 'Approved' WHERE id = '{id}'");
        try
        {
            var (code, _, err) = _home.Run("export", "release", id);

            Assert.Equal(1, code);
            Assert.Contains("but its audit entries imply TechnicalApproved (approved only by gov-reviewer (Technical))", err);
        }
        finally
        {
            Sql($"UPDATE exports SET state = 'TechnicalApproved' WHERE id = '{id}'");
        }
    }

    [Fact]
    public void Release_GrantStateEditedInTheDatabase_IsRefusedNamingTheGrant()
    {
        var id = Request();
        Review(Governance, id, "technical");
        Review(Expert, id, "comprehensive");
        Sql("UPDATE grants SET state = 'applied' WHERE id = 'nj-credit-2026'");
        try
        {
            var (code, _, err) = _home.Run("export", "release", id);

            Assert.Equal(1, code);
            Assert.Contains("grant nj-credit-2026: stored as applied, but its audit entries imply active", err);
        }
        finally
        {
            Sql("UPDATE grants SET state = 'active' WHERE id = 'nj-credit-2026'");
        }
    }

    [Fact]
    public void Release_FrozenMarkClearedInTheDatabaseWhileTheGrantIsSuspended_IsRefused()
    {
        var id = Request();
        Review(Governance, id, "technical");
        Review(Expert, id, "comprehensive");
        _home.Ok("grant", "suspend", "nj-credit-2026", "--reason", "audit finding");
        try
        {
            Sql($"UPDATE exports SET frozen_reason = NULL WHERE id = '{id}'");

            var (code, _, err) = _home.Run("export", "release", id);

            Assert.Equal(1, code);
            Assert.Contains("grant nj-credit-2026 is suspended by its audit entries, so its exports stay frozen", err);
        }
        finally
        {
            _home.Ok("grant", "resume", "nj-credit-2026");
        }
    }

    [Fact]
    public void Release_TwoReviews_ReleasesABundleRecordingEachReviewWithItsAuditEntry()
    {
        var id = Request();

        var bundle = Released(id);

        Assert.Contains("every file hash and the approving reviews verified", _home.Ok("export", "verify", bundle));
        _home.Ok("audit", "verify");
        var manifest = ManifestJson.Deserialize(File.ReadAllBytes(Path.Combine(bundle, ReleaseBundle.ManifestName)));
        var entries = JsonDocument.Parse(_home.Ok("audit", "show", "--json")).RootElement.EnumerateArray()
            .ToDictionary(e => e.GetProperty("seq").GetInt64());
        Assert.Equal(1, manifest.ReviewRound);
        Assert.Collection(manifest.Reviews,
            r => Assert.Equal((Governance, "governance", Sandbox.Export.Review.ReviewStage.Technical), (r.Principal, Assert.Single(r.Roles), r.Stage)),
            r => Assert.Equal((Expert, "expert", Sandbox.Export.Review.ReviewStage.Comprehensive), (r.Principal, Assert.Single(r.Roles), r.Stage)));
        foreach (var review in manifest.Reviews)
        {
            var entry = entries[review.AuditSeq];
            Assert.Equal(review.AuditHash, entry.GetProperty("hash").GetString());
            Assert.Equal("export.review", entry.GetProperty("action").GetString());
            Assert.Equal(id, entry.GetProperty("subject").GetString());
            Assert.Equal(ReviewProof.Sha256(review.Note), review.NoteSha256);
        }
    }

    public static TheoryData<string, string> ForgedReviews() => new()
    {
        { "none", "records no review of round 1" },
        { "technical only", "its reviews leave the export technically approved" },
        { "one reviewer for both stages", "must be a different principal from the technical reviewer" },
        { "requester reviewed", "The requester may not review their own export." },
    };

    [Theory]
    [MemberData(nameof(ForgedReviews))]
    public void Verify_BundleSignedWithTheHomeKeyWithoutTheApprovals_IsRefused(string forgery, string problem)
    {
        var real = Released(Request());
        var manifest = ManifestJson.Deserialize(File.ReadAllBytes(Path.Combine(real, ReleaseBundle.ManifestName)));
        var (technical, comprehensive) = (manifest.Reviews[0], manifest.Reviews[1]);
        IReadOnlyList<ManifestReview> reviews = forgery switch
        {
            "none" => [],
            "technical only" => [technical],
            "one reviewer for both stages" => [technical, comprehensive with { Principal = technical.Principal, Roles = ["governance", "expert"] }],
            _ => [technical with { Principal = Analyst }, comprehensive],
        };
        var forged = Path.Combine(_home.Root, "forged-" + Guid.NewGuid().ToString("N")[..8]);
        using (var session = SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time))
        {
            // The home's own key: the signature is valid, only the reviews are wrong.
            ReleaseBundle.Write(forged, [Path.Combine(real, manifest.Output + ".csv")], manifest with { Reviews = reviews, Files = [] }, session.SigningKey);
        }

        var (code, _, err) = _home.Run("export", "verify", forged);

        Assert.Equal(1, code);
        Assert.Contains(problem, err);
        Assert.DoesNotContain("manifest.sig", err);
    }
}
