namespace Sandbox.Policy.Visibility;

/// <summary>The names, defaults and meanings of <see cref="ColumnConstraint"/>s.</summary>
public static class ColumnConstraints
{
    /// <summary>The constraint's name as a grant document writes it, e.g. <c>aggregate-only</c>.</summary>
    public static string Name(ColumnConstraint constraint) => constraint switch
    {
        ColumnConstraint.Plain => "plain",
        ColumnConstraint.Masked => "masked",
        ColumnConstraint.AggregateOnly => "aggregate-only",
        ColumnConstraint.GroupByOnly => "group-by-only",
        ColumnConstraint.JoinOnly => "join-only",
        ColumnConstraint.CompareOnly => "compare-only",
        ColumnConstraint.Forbidden => "forbidden",
        _ => throw new ArgumentOutOfRangeException(nameof(constraint), constraint, null),
    };

    /// <summary>Parses a name written in a grant document; null when it is not one.</summary>
    public static ColumnConstraint? Parse(string name) =>
        Enum.GetValues<ColumnConstraint>().Select(c => (ColumnConstraint?)c).FirstOrDefault(c => Name(c!.Value) == name);

    /// <summary>The constraint a column of classification <paramref name="level"/> gets when the grant says nothing.</summary>
    public static ColumnConstraint DefaultFor(int level) => level switch
    {
        >= 4 => ColumnConstraint.JoinOnly,
        3 => ColumnConstraint.Masked,
        _ => ColumnConstraint.Plain,
    };

    /// <summary>What the constraint allows, in one clause, for refusals.</summary>
    public static string Rule(ColumnConstraint constraint) => constraint switch
    {
        ColumnConstraint.AggregateOnly => "it may appear only inside COUNT, SUM, AVG, MIN or MAX",
        ColumnConstraint.GroupByOnly => "it may be grouped by and filtered on, and shown only as a GROUP BY key",
        ColumnConstraint.JoinOnly => "it may be used only as a join key (ON, USING, or column = column), never shown",
        ColumnConstraint.CompareOnly => "it may appear only in comparisons with constants in WHERE, ON or HAVING",
        ColumnConstraint.Forbidden => "it may not be used at all",
        _ => "it may be used anywhere",
    };

    /// <summary>
    /// True when <paramref name="constraint"/> lets a job see more of a column than <paramref name="baseline"/>
    /// does: such an override of a level default needs the grant's consent evidence for that column.
    /// </summary>
    public static bool IsWeakerThan(ColumnConstraint constraint, ColumnConstraint baseline) => Openness(constraint) > Openness(baseline);

    private static int Openness(ColumnConstraint constraint) => constraint switch
    {
        ColumnConstraint.Forbidden => 0,
        ColumnConstraint.JoinOnly or ColumnConstraint.CompareOnly => 1,
        ColumnConstraint.AggregateOnly or ColumnConstraint.GroupByOnly => 2,
        ColumnConstraint.Masked => 3,
        _ => 4,
    };
}
