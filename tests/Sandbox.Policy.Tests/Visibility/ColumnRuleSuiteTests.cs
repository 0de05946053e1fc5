using Sandbox.Policy.Queries;
using Sandbox.Policy.Visibility;

namespace Sandbox.Policy.Tests.Visibility;

/// <summary>Runs <see cref="ColumnRuleSuite"/> and holds the decision table complete against DuckDB's node kinds.</summary>
public sealed class ColumnRuleSuiteTests : IClassFixture<PeopleDatabase>
{
    // Kinds DuckDB's parser can never put in a SELECT's json_serialize_sql output (bound or planner-only nodes, and
    // forms DuckDB rewrites before serializing, such as `> ALL` into NOT … ANY and NOT EXISTS into NOT (EXISTS)), and SHOW_REF, which SqlStatement
    // refuses before the column rules run.
    private static readonly HashSet<(string, string)> NeverEmitted =
    [
        ("query", "CTE_NODE"), ("query", "STATEMENT_NODE"),
        ("from", "COLUMN_DATA"), ("from", "DELIM_GET"), ("from", "BOUND_TABLE_REF"), ("from", "EMPTY_FROM"), ("from", "SHOW_REF"),
        ("join", "MARK"), ("join", "SINGLE"), ("join", "OUTER"), ("join", "RIGHT_SEMI"), ("join", "RIGHT_ANTI"), ("joinref", "DEPENDENT"),
        ("expression", "DEFAULT"), ("expression", "LAMBDA_REF"), ("expression", "BOUND_EXPRESSION"),
        ("subquery", "ALL"), ("subquery", "NOT_EXISTS"),
    ];

    // The kinds of DuckDB's own enums (ExpressionClass, QueryNodeType, TableReferenceType, ResultModifierType,
    // SetOperationType, JoinType, JoinRefType, SubqueryType and the ExpressionTypes of comparisons, conjunctions,
    // operators and windows) that can appear in a parsed SELECT: each must have a decision.
    private static readonly (string Family, string Kinds)[] DuckDbKinds =
    [
        ("query", "SELECT_NODE SET_OPERATION_NODE RECURSIVE_CTE_NODE CTE_NODE STATEMENT_NODE"),
        ("setop", "UNION UNION_BY_NAME EXCEPT INTERSECT"),
        ("from", "BASE_TABLE SUBQUERY JOIN TABLE_FUNCTION EXPRESSION_LIST EMPTY_FROM EMPTY PIVOT SHOW_REF COLUMN_DATA DELIM_GET BOUND_TABLE_REF"),
        ("join", "INNER LEFT RIGHT FULL OUTER SEMI ANTI MARK SINGLE RIGHT_SEMI RIGHT_ANTI"),
        ("joinref", "REGULAR NATURAL CROSS POSITIONAL ASOF DEPENDENT"),
        ("modifier", "ORDER_MODIFIER LIMIT_MODIFIER LIMIT_PERCENT_MODIFIER DISTINCT_MODIFIER"),
        ("expression", "CASE CAST COLUMN_REF COMPARISON CONJUNCTION CONSTANT DEFAULT FUNCTION OPERATOR STAR SUBQUERY WINDOW PARAMETER COLLATE LAMBDA POSITIONAL_REFERENCE BETWEEN LAMBDA_REF"),
        ("comparison", "COMPARE_EQUAL COMPARE_NOTEQUAL COMPARE_LESSTHAN COMPARE_GREATERTHAN COMPARE_LESSTHANOREQUALTO COMPARE_GREATERTHANOREQUALTO COMPARE_DISTINCT_FROM COMPARE_NOT_DISTINCT_FROM"),
        ("conjunction", "CONJUNCTION_AND CONJUNCTION_OR"),
        ("operator", "OPERATOR_NOT OPERATOR_IS_NULL OPERATOR_IS_NOT_NULL COMPARE_IN COMPARE_NOT_IN OPERATOR_COALESCE OPERATOR_TRY OPERATOR_UNPACK ARRAY_EXTRACT ARRAY_SLICE STRUCT_EXTRACT ARRAY_CONSTRUCTOR"),
        ("subquery", "SCALAR EXISTS NOT_EXISTS ANY ALL"),
        ("window", "WINDOW_AGGREGATE WINDOW_ROW_NUMBER WINDOW_RANK WINDOW_RANK_DENSE WINDOW_NTILE WINDOW_PERCENT_RANK WINDOW_CUME_DIST WINDOW_LAG WINDOW_LEAD WINDOW_FIRST_VALUE WINDOW_LAST_VALUE WINDOW_NTH_VALUE WINDOW_FILL"),
    ];

    private readonly PeopleDatabase database;

    public ColumnRuleSuiteTests(PeopleDatabase database)
    {
        this.database = database;
    }

    public static TheoryData<string, string> Suite()
    {
        var data = new TheoryData<string, string>();
        foreach (var (sql, refusal) in ColumnRuleSuite.Queries)
        {
            data.Add(sql, refusal ?? string.Empty);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Suite))]
    public void Analyze_SuiteQuery_IsAcceptedAndRunsOrIsRefusedNamingTheConstruct(string sql, string refusal)
    {
        var reasons = PeopleGrant.Analyze(sql);

        if (refusal.Length == 0)
        {
            Assert.True(reasons.Count == 0, string.Join('\n', reasons));

            // An accepted query is one DuckDB runs: the analysis resolved it as DuckDB does.
            database.Run(sql);
        }
        else
        {
            Assert.True(reasons.Any(r => r.Contains(refusal, StringComparison.Ordinal)), "reasons: " + string.Join('\n', reasons));
        }
    }

    [Fact]
    public void Analyze_UnexpectedAstShape_IsRefusedRatherThanWavedThrough()
    {
        var statement = SqlStatement.Parse("select lower(street) from people");
        statement.Ast["select_list"]![0]!["export_state"] = "perhaps";

        var reasons = ColumnRuleAnalyzer.Analyze(statement, t => PeopleGrant.Tables.GetValueOrDefault(t));

        Assert.Contains("the statement holds a construct the column rules cannot read", reasons);
    }

    [Fact]
    public void Analyze_UnknownFieldOfAKnownNode_IsRefusedNamingIt()
    {
        var statement = SqlStatement.Parse("select lower(street) from people");
        statement.Ast["select_list"]![0]!["within_group"] = new System.Text.Json.Nodes.JsonArray(1);

        var reason = Assert.Single(ColumnRuleAnalyzer.Analyze(statement, t => PeopleGrant.Tables.GetValueOrDefault(t)));

        Assert.Contains("the field within_group of a FUNCTION expression is not modelled", reason);
    }

    [Fact]
    public void Suite_HoldsAtLeast150QueriesBothAcceptedAndRefused()
    {
        Assert.True(ColumnRuleSuite.Queries.Count >= 150, $"{ColumnRuleSuite.Queries.Count} queries");
        Assert.Contains(ColumnRuleSuite.Queries, q => q.Refusal is null);
        Assert.Contains(ColumnRuleSuite.Queries, q => q.Refusal is not null);
        Assert.Equal(ColumnRuleSuite.Queries.Count, ColumnRuleSuite.Queries.Select(q => q.Sql).Distinct().Count());
    }

    [Fact]
    public void DecisionTable_EveryDuckDbKind_HasADecision()
    {
        var missing = DuckDbKinds
            .SelectMany(f => f.Kinds.Split(' ').Select(k => (f.Family, Kind: k)))
            .Where(k => !SyntaxDecisions.All.Any(d => d.Family == k.Family && d.Kind == k.Kind))
            .Select(k => $"{k.Family}:{k.Kind}")
            .ToList();

        Assert.Equal(string.Empty, string.Join(", ", missing));
    }

    [Fact]
    public void Suite_EveryKindItsQueriesHold_HasADecision()
    {
        var seen = ColumnRuleSuite.Queries.SelectMany(q => AstKinds.Of(SqlStatement.Parse(q.Sql))).ToHashSet();

        var undecided = seen.Where(k => !SyntaxDecisions.All.Any(d => d.Family == k.Family && d.Kind == k.Kind))
            .Select(k => $"{k.Family}:{k.Kind}")
            .ToList();

        Assert.Equal(string.Empty, string.Join(", ", undecided));
    }

    [Fact]
    public void Suite_EveryDecidedKind_IsExercisedByAQuery()
    {
        var seen = ColumnRuleSuite.Queries.SelectMany(q => AstKinds.Of(SqlStatement.Parse(q.Sql))).ToHashSet();

        var unexercised = SyntaxDecisions.All
            .Where(d => !seen.Contains((d.Family, d.Kind)) && !NeverEmitted.Contains((d.Family, d.Kind)))
            .Select(d => $"{d.Family}:{d.Kind}")
            .ToList();

        Assert.Equal(string.Empty, string.Join(", ", unexercised));
    }
}
