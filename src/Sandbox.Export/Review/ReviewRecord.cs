namespace Sandbox.Export.Review;

/// <summary>One recorded review decision; the manifest of a release carries all of them.</summary>
/// <param name="Principal">The reviewer's principal id.</param>
/// <param name="Stage">The stage reviewed.</param>
/// <param name="Action">The decision.</param>
/// <param name="Note">The reviewer's note; for an approval over a failing check, the justification.</param>
/// <param name="At">When the decision was made.</param>
public sealed record ReviewRecord(string Principal, ReviewStage Stage, ReviewAction Action, string Note, DateTimeOffset At);
