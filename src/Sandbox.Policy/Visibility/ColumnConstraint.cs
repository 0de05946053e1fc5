namespace Sandbox.Policy.Visibility;

/// <summary>
/// How a SQL job may use one column ("usable but invisible", seed §7), in the spirit of column
/// control lists. The grant document spells them in kebab case (<c>aggregate-only</c>).
/// </summary>
public enum ColumnConstraint
{
    /// <summary>Usable anywhere; its values may be revealed.</summary>
    Plain,

    /// <summary>Usable anywhere, but its values arrive masked in the workspace; the default for level 3.</summary>
    Masked,

    /// <summary>May appear only inside COUNT, SUM, AVG, MIN or MAX.</summary>
    AggregateOnly,

    /// <summary>May be grouped by, filtered on, and revealed only as the key of an aggregating query.</summary>
    GroupByOnly,

    /// <summary>A join key (ON, USING or column = column), never revealed; the default for level 4, over its tokens.</summary>
    JoinOnly,

    /// <summary>May appear only in comparisons with constants in WHERE, ON or HAVING (and in counts of rows that pass one).</summary>
    CompareOnly,

    /// <summary>May not be used at all.</summary>
    Forbidden,
}
