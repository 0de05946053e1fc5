using System.Text.Json.Serialization;
using Sandbox.Export.Checks;
using Sandbox.Export.Review;

namespace Sandbox.Host.Api.Bodies;

/// <summary>
/// The export gate's report (the keys of `export request --json`, written by <see cref="CheckJson"/>): the verdict and
/// each check with its cells and findings.
/// </summary>
internal sealed record CheckReportBody(string Id, CheckStatus Verdict, IReadOnlyList<CheckBody> Checks);

/// <summary>One disclosure check and what it found.</summary>
internal sealed record CheckBody(string Rule, CheckStatus Status, string Detail, IReadOnlyList<string> Cells, IReadOnlyList<CheckFindingBody> Findings);

/// <summary>One cell a check flagged; <c>against</c> names the earlier output a differencing finding pairs it with.</summary>
internal sealed record CheckFindingBody(
    int? Row, string Column, string Rule, long? Subjects, double? Share,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CheckAgainstBody? Against = null);

/// <summary>The cell of an earlier export a differencing finding is paired with.</summary>
internal sealed record CheckAgainstBody(string Export, int Row, string Column);

/// <summary>An export in a list (a reviewer's queue).</summary>
internal sealed record ExportSummaryBody(string Id, ExportState State, string Job, string Output, string RequestedBy, DateTimeOffset RequestedAt, bool Frozen);

/// <summary>An export with its checks, its review round and its reviews.</summary>
internal sealed record ExportBody(
    string Id, CheckStatus Verdict, IReadOnlyList<CheckBody> Checks, ExportState State, string Job, string Output, string RequestedBy,
    int Round, string? Mitigation, IReadOnlyList<ExportReviewBody> Reviews, string? ReleaseId);

/// <summary>One review decision on an export.</summary>
internal sealed record ExportReviewBody(string Principal, ReviewStage Stage, ReviewAction Action, string Note, DateTimeOffset At);

/// <summary>An export's state after a decision (a review, a withdrawal).</summary>
internal sealed record ExportStateBody(string Id, ExportState State);

/// <summary>An export once released: the id of its bundle.</summary>
internal sealed record ExportReleaseBody(string Id, ExportState State, string? ReleaseId);
