namespace Sandbox.Export.Review;

/// <summary>Where an export request stands on its way out of the domain.</summary>
public enum ExportState
{
    /// <summary>Requested by the operator; the automatic checks have not run yet.</summary>
    Requested,

    /// <summary>Checked automatically; awaits technical review.</summary>
    Checked,

    /// <summary>Approved by the technical review (governance center); awaits comprehensive review.</summary>
    TechnicalApproved,

    /// <summary>Approved by the comprehensive review; the grant's operator is foreign, so it awaits cross-border approval.</summary>
    ComprehensiveApproved,

    /// <summary>Approved by every review stage due; awaits release.</summary>
    Approved,

    /// <summary>Released as a signed bundle. Final.</summary>
    Released,

    /// <summary>Returned by a reviewer; awaits changes and resubmission by the requester.</summary>
    ChangesRequested,

    /// <summary>Rejected by a reviewer. Final.</summary>
    Rejected,

    /// <summary>Withdrawn by the requester. Final.</summary>
    Withdrawn,
}
