namespace Sandbox.Policy.Grants;

/// <summary>The lifecycle states of a grant.</summary>
public enum GrantState
{
    /// <summary>Applied for; not yet reviewed.</summary>
    Applied,

    /// <summary>Under review by the governance body.</summary>
    UnderReview,

    /// <summary>In its publicity period (5 working days), after a positive review.</summary>
    Publicized,

    /// <summary>Agreement signed; the grant may be used within its period.</summary>
    Active,

    /// <summary>Temporarily suspended; no job may run.</summary>
    Suspended,

    /// <summary>Ended for good before its period was over.</summary>
    Terminated,

    /// <summary>Its period is over.</summary>
    Expired,
}
