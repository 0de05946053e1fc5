using System.Security.Cryptography;
using System.Text;
using Sandbox.Export.Checks;
using Sandbox.Export.Release;
using Sandbox.Export.Review;

namespace Sandbox.Export.Tests.Release;

/// <summary>A signed bundle verifies only when its manifest's reviews approve the release by the review rules.</summary>
public sealed class ReviewProofTests : IDisposable
{
    private static readonly DateTimeOffset RequestedAt = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly TempDirectory _dir = new();
    private readonly byte[] _privateKey = SigningKeys.NewPrivateKey();

    public void Dispose() => _dir.Dispose();

    /// <summary>An approval as the release path records it, with its audit entry.</summary>
    internal static ManifestReview Approval(string principal, string role, ReviewStage stage, string note, DateTimeOffset at, long seq, int round = 1) => new()
    {
        Principal = principal,
        Roles = [role],
        Stage = stage,
        Action = ReviewAction.Approve,
        Note = note,
        NoteSha256 = ReviewProof.Sha256(note),
        At = at,
        Round = round,
        AuditSeq = seq,
        AuditHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"entry {seq}"))),
    };

    private static ManifestReview Technical(string who = "gina", string role = "governance") =>
        Approval(who, role, ReviewStage.Technical, "aggregate only", RequestedAt.AddHours(1), 7);

    private static ManifestReview Comprehensive(string who = "eric", string role = "expert", string note = "fit for release") =>
        Approval(who, role, ReviewStage.Comprehensive, note, RequestedAt.AddHours(2), 9);

    private static ReleaseManifest Manifest(CheckStatus verdict, params ManifestReview[] reviews) => new()
    {
        ReleaseId = "rel-1",
        ExportId = "exp-1",
        JobId = "job-1",
        GrantId = "nj-credit-2026",
        Output = "district_counts",
        PolicySha256 = new string('b', 64),
        Checks = CheckReport.From([new CheckResult("threshold", verdict, "detail", [])]),
        Reviews = reviews,
        RequestedBy = "olga",
        RequestedAt = RequestedAt,
        ReleasedAt = RequestedAt.AddHours(3),
    };

    private BundleVerification SignAndVerify(ReleaseManifest manifest)
    {
        string bundle = _dir.Combine("bundle");
        ReleaseBundle.Write(bundle, [_dir.File("district_counts.csv", "district,n\nA,120\n")], manifest, _privateKey);
        return ReleaseBundle.Verify(bundle, SigningKeys.PublicKeyOf(_privateKey));
    }

    [Fact]
    public void Verify_TechnicalAndComprehensiveByDistinctReviewers_IsOk()
    {
        var verification = SignAndVerify(Manifest(CheckStatus.Pass, Technical(), Comprehensive()));

        Assert.True(verification.Ok, string.Join("\n", verification.Problems));
    }

    [Fact]
    public void Verify_NoReviewsUnderAValidSignature_Fails()
    {
        var verification = SignAndVerify(Manifest(CheckStatus.Pass));

        Assert.False(verification.Ok);
        Assert.Contains("manifest.json: records no review of round 1, so nothing shows the export was approved", verification.Problems);
    }

    [Fact]
    public void Verify_OnlyTheTechnicalReview_FailsAsNotApproved()
    {
        var verification = SignAndVerify(Manifest(CheckStatus.Pass, Technical()));

        Assert.Contains("manifest.json: its reviews leave the export technically approved, not approved by every stage due", verification.Problems);
    }

    [Fact]
    public void Verify_OneReviewerForBothStages_Fails()
    {
        var verification = SignAndVerify(Manifest(CheckStatus.Pass, Technical("gina", "governance"), Comprehensive("gina", "expert")));

        Assert.False(verification.Ok);
        Assert.Contains(verification.Problems, p => p.Contains("must be a different principal from the technical reviewer", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_RequesterReviewed_Fails()
    {
        var verification = SignAndVerify(Manifest(CheckStatus.Pass, Technical("olga", "governance"), Comprehensive()));

        Assert.False(verification.Ok);
        Assert.Contains(verification.Problems, p => p.Contains("The requester may not review their own export.", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_ReviewerWithoutTheStagesRole_Fails()
    {
        var verification = SignAndVerify(Manifest(CheckStatus.Pass, Technical("gina", "operator"), Comprehensive()));

        Assert.False(verification.Ok);
        Assert.Contains(verification.Problems, p => p.Contains("needs the governance role", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_FailingChecksOverriddenWithoutJustification_Fails()
    {
        var verification = SignAndVerify(Manifest(CheckStatus.Fail, Technical(), Comprehensive(note: "ok")));

        Assert.False(verification.Ok);
        Assert.Contains(verification.Problems, p => p.Contains("needs a written justification", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_FailingChecksOverriddenWithJustifications_IsOk()
    {
        var technical = Technical() with { Note = "cells under 10 are municipal totals, published already", NoteSha256 = "" };
        var comprehensive = Comprehensive(note: "the municipal totals are public: the override is justified");

        var verification = SignAndVerify(Manifest(CheckStatus.Fail, technical, comprehensive));

        Assert.True(verification.Ok, string.Join("\n", verification.Problems));
    }

    [Fact]
    public void Verify_ReviewWithoutAuditEntry_Fails()
    {
        var verification = SignAndVerify(Manifest(CheckStatus.Pass, Technical() with { AuditSeq = 0, AuditHash = "" }, Comprehensive()));

        Assert.Contains("manifest.json: the technical review by gina names no audit log entry", verification.Problems);
    }

    [Fact]
    public void Verify_ApprovalsOfAnEarlierRoundOnly_Fail()
    {
        var manifest = Manifest(CheckStatus.Pass, Technical(), Comprehensive()) with { ReviewRound = 2 };

        var verification = SignAndVerify(manifest);

        Assert.Contains("manifest.json: records no review of round 2, so nothing shows the export was approved", verification.Problems);
    }

    [Fact]
    public void Verify_ForeignOperatorWithoutCrossBorderApproval_Fails()
    {
        var manifest = Manifest(CheckStatus.Pass, Technical(), Comprehensive()) with { CrossBorder = true };

        var verification = SignAndVerify(manifest);

        Assert.Contains(verification.Problems, p => p.Contains("awaiting cross-border approval", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_ForeignOperatorWithCrossBorderApprovalByAThirdExpert_IsOk()
    {
        var crossBorder = Approval("xena", "expert", ReviewStage.CrossBorder, "no transfer concerns", RequestedAt.AddHours(3), 11);
        var manifest = Manifest(CheckStatus.Pass, Technical(), Comprehensive(), crossBorder) with { CrossBorder = true };

        var verification = SignAndVerify(manifest);

        Assert.True(verification.Ok, string.Join("\n", verification.Problems));
    }
}
