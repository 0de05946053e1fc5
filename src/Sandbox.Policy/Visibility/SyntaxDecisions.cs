using System.Collections.Frozen;

using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

/// <summary>
/// The decision table of the column rules: every node kind DuckDB's statement AST can hold is either modelled (the
/// analysis knows how each input column's rule propagates through it) or refused with a reason. A kind missing from
/// the table is refused too, so a new DuckDB construct fails closed until someone decides about it.
/// </summary>
internal static class SyntaxDecisions
{
    private static readonly FrozenDictionary<(string, string), SyntaxDecision> Table = Build();

    /// <summary>Every decision, for tests that hold the table complete.</summary>
    public static IEnumerable<SyntaxDecision> All => Table.Values;

    /// <summary>The decision for <paramref name="kind"/> of <paramref name="family"/>; a refusal when none is recorded.</summary>
    public static SyntaxDecision Of(string family, string? kind) =>
        kind is not null && Table.TryGetValue((family, kind), out var decision)
            ? decision
            : new SyntaxDecision(family, kind ?? "(none)", $"the {family} kind {kind ?? "(none)"} is not modelled by the column rules");

    private static FrozenDictionary<(string, string), SyntaxDecision> Build()
    {
        var decisions = new List<SyntaxDecision>();
        void Modelled(string family, string kinds) =>
            decisions.AddRange(kinds.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(k => new SyntaxDecision(family, k, null)));
        void Refused(string family, string kind, string why) => decisions.Add(new SyntaxDecision(family, kind, why));

        Modelled("query", "SELECT_NODE SET_OPERATION_NODE RECURSIVE_CTE_NODE");
        Refused("query", AstNames.CteNode, "a CTE node outside a WITH clause is not modelled");
        Refused("query", AstNames.StatementNode, "a nested statement is not modelled");

        Modelled("setop", "UNION UNION_BY_NAME EXCEPT INTERSECT");

        Modelled("from", "BASE_TABLE SUBQUERY JOIN EXPRESSION_LIST EMPTY EMPTY_FROM TABLE_FUNCTION");
        Refused("from", AstNames.Pivot, "PIVOT and UNPIVOT make columns from data values, which cannot be enumerated");
        Refused("from", AstNames.ShowRef, "DESCRIBE, SHOW and SUMMARIZE are not queries over granted columns");
        Refused("from", AstNames.ColumnData, "a materialized data reference is not modelled");
        Refused("from", AstNames.DelimGet, "a delim get is not modelled");
        Refused("from", AstNames.BoundTableRef, "a bound table reference is not modelled");

        Modelled("join", "INNER LEFT RIGHT FULL OUTER SEMI ANTI");
        Refused("join", AstNames.RightSemi, "a right semi join is not modelled");
        Refused("join", AstNames.RightAnti, "a right anti join is not modelled");
        Refused("join", AstNames.Mark, "a mark join is not modelled");
        Refused("join", AstNames.Single, "a single join is not modelled");
        Modelled("joinref", "REGULAR NATURAL CROSS DEPENDENT");
        Refused("joinref", AstNames.Positional, "a POSITIONAL join pairs rows by their order, which is not modelled");
        Refused("joinref", AstNames.Asof, "an ASOF join picks the nearest row by an inequality, which is not modelled");

        Modelled("modifier", "ORDER_MODIFIER LIMIT_MODIFIER LIMIT_PERCENT_MODIFIER DISTINCT_MODIFIER");

        Modelled("expression", "COLUMN_REF CONSTANT FUNCTION WINDOW COMPARISON CONJUNCTION OPERATOR CASE CAST COLLATE BETWEEN SUBQUERY LAMBDA STAR");
        Refused("expression", AstNames.PositionalReference, "a positional reference (#n) names a column the analysis cannot follow");
        Refused("expression", AstNames.Parameter, "a prepared-statement parameter has no value to check");
        Refused("expression", AstNames.Default, "DEFAULT is not a value of a query");
        Refused("expression", AstNames.LambdaRef, "a bound lambda reference is not modelled");
        Refused("expression", AstNames.BoundExpression, "a bound expression is not modelled");

        Modelled("comparison", "COMPARE_EQUAL COMPARE_NOTEQUAL COMPARE_LESSTHAN COMPARE_GREATERTHAN COMPARE_LESSTHANOREQUALTO COMPARE_GREATERTHANOREQUALTO COMPARE_DISTINCT_FROM COMPARE_NOT_DISTINCT_FROM");
        Modelled("conjunction", "CONJUNCTION_AND CONJUNCTION_OR");
        Modelled("operator", "OPERATOR_NOT OPERATOR_IS_NULL OPERATOR_IS_NOT_NULL COMPARE_IN COMPARE_NOT_IN OPERATOR_COALESCE OPERATOR_TRY ARRAY_EXTRACT ARRAY_SLICE STRUCT_EXTRACT ARRAY_CONSTRUCTOR");
        Refused("operator", AstNames.OperatorUnpack, "*COLUMNS(…) unpacks columns the analysis cannot enumerate");

        Modelled("subquery", "SCALAR EXISTS NOT_EXISTS ANY");
        Refused("subquery", AstNames.All, "a comparison with ALL (subquery) is not modelled");

        Modelled("window", "WINDOW_AGGREGATE WINDOW_ROW_NUMBER WINDOW_RANK WINDOW_RANK_DENSE WINDOW_NTILE WINDOW_PERCENT_RANK WINDOW_CUME_DIST WINDOW_LAG WINDOW_LEAD WINDOW_FIRST_VALUE WINDOW_LAST_VALUE WINDOW_NTH_VALUE");
        Refused("window", AstNames.WindowFill, "fill() interpolates values row by row, which is not modelled");

        return decisions.ToFrozenDictionary(d => (d.Family, d.Kind));
    }
}
