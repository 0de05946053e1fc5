namespace Sandbox.Export.Review;

/// <summary>The decision on one review attempt.</summary>
/// <param name="Allowed">Whether the review may be recorded.</param>
/// <param name="NewState">The export's state afterwards; unchanged when refused.</param>
/// <param name="Reason">One sentence: what happened, or why it was refused.</param>
public sealed record ReviewOutcome(bool Allowed, ExportState NewState, string Reason);
