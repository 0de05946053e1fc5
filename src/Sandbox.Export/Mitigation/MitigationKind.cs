namespace Sandbox.Export.Mitigation;

/// <summary>How a flagged output is made safer before review.</summary>
public enum MitigationKind
{
    /// <summary>Empty every aggregate cell the threshold or dominance rule fails.</summary>
    Suppress,

    /// <summary>Round every count to base 5 (a non-zero count never becomes 0).</summary>
    Round5,

    /// <summary>Show every count from 1 to 10 as 6, round larger counts to base 5.</summary>
    Midpoint6,
}
