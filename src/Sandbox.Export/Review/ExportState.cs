namespace Sandbox.Export.Review;

/// <summary>Where an export request stands on its way out of the domain.</summary>
public enum ExportState
{
    // The numbers are fixed: audit entries written before states were named carry them (0 was a state never used).

    /// <summary>Checked automatically; awaits technical review.</summary>
    Checked = 1,

    /// <summary>Approved by the technical review (governance center); awaits comprehensive review.</summary>
    TechnicalApproved = 2,

    /// <summary>Approved by the comprehensive review; the grant's operator is foreign, so it awaits cross-border approval.</summary>
    ComprehensiveApproved = 3,

    /// <summary>Approved by every review stage due; awaits release.</summary>
    Approved = 4,

    /// <summary>Released as a signed bundle. Final.</summary>
    Released = 5,

    /// <summary>Returned by a reviewer; awaits changes and resubmission by the requester.</summary>
    ChangesRequested = 6,

    /// <summary>Rejected by a reviewer. Final.</summary>
    Rejected = 7,

    /// <summary>Withdrawn by the requester. Final.</summary>
    Withdrawn = 8,
}
