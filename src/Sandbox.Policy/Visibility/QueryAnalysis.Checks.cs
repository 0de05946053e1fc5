namespace Sandbox.Policy.Visibility;

internal sealed partial class QueryAnalysis
{
    /// <summary>Refuses every origin of <paramref name="flow"/> whose constraint does not allow this use.</summary>
    private void Check(Flow flow, UseKind use, string location)
    {
        foreach (var origin in flow.Origins.OrderBy(o => o.Table, StringComparer.Ordinal).ThenBy(o => o.Column, StringComparer.Ordinal))
        {
            if (!Allows(origin.Constraint, use, origin.Mode))
            {
                Refuse(Refusal(origin, location, sql));
            }
        }
    }

    /// <summary>The matrix of the column rules: which constraint allows which mode in which use.</summary>
    internal static bool Allows(ColumnConstraint constraint, UseKind use, FlowMode mode) => constraint switch
    {
        ColumnConstraint.Plain or ColumnConstraint.Masked => true,
        ColumnConstraint.AggregateOnly => mode is FlowMode.Aggregate or FlowMode.AggregateOfTest,
        ColumnConstraint.GroupByOnly => mode is FlowMode.Aggregate or FlowMode.AggregateOfTest
            || (use == UseKind.Group && mode is FlowMode.Value or FlowMode.Key)
            || (use == UseKind.Output && mode == FlowMode.Key)
            || (use == UseKind.Filter && mode is FlowMode.Test or FlowMode.Key),
        ColumnConstraint.JoinOnly => use == UseKind.Filter && mode == FlowMode.Join,
        // A compare-only column is never a join key: the matches would enumerate its values (issue 11).
        ColumnConstraint.CompareOnly => mode == FlowMode.AggregateOfTest
            || (use == UseKind.Filter && mode == FlowMode.Test),
        _ => false,
    };

    private static string Refusal(Origin origin, string location, string? sql)
    {
        // A forbidden column is refused once per clause, however it is used there.
        var how = origin.Constraint == ColumnConstraint.Forbidden ? string.Empty : origin.Mode switch
        {
            FlowMode.Key => " as a group key",
            FlowMode.Test => " in a comparison",
            FlowMode.Join => " as a join key",
            FlowMode.Aggregate => " inside an aggregate",
            FlowMode.AggregateOfTest => " in an aggregate of comparisons",
            _ => " as a value",
        };
        var where = RefusalHints.Locate(sql, origin.Column) is { } at ? $" ({at})" : string.Empty;
        return $"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — "
            + $"{ColumnConstraints.Rule(origin.Constraint)} — but {location} uses it{how}{where}; "
            + RefusalHints.Instead(origin.Constraint, origin.Column);
    }
}
