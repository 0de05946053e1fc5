namespace Sandbox.Export.Review;

/// <summary>What a reviewer decides at a stage.</summary>
public enum ReviewAction
{
    /// <summary>Let the export on to the next stage, or to release after the last one.</summary>
    Approve,

    /// <summary>Send the export back to its requester for changes.</summary>
    Return,

    /// <summary>Refuse the export for good.</summary>
    Reject,
}
