using System.Text.Json.Nodes;
using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

/// <summary>
/// Checks a SQL statement against per-column constraints ("usable but invisible", seed §7). Every output
/// column's constraint is derived from its inputs through joins, functions, aggregates, subqueries, CTEs and
/// set operations; a statement is accepted only if every projected expression is revealable and every other
/// use (WHERE, ON, GROUP BY, ORDER BY, PARTITION BY …) is one its columns allow. The analysis fails closed: a node
/// kind, field or function it does not model, and a name it cannot resolve as DuckDB does, are refused by name
/// (see <c>COLUMN-RULES.md</c> beside this file for what each rule guarantees and what it does not).
/// </summary>
public static class ColumnRuleAnalyzer
{
    /// <summary>Analyzes <paramref name="statement"/>; returns one reason per refused use, each naming the column and its rule.</summary>
    /// <param name="statement">The parsed statement (a single SELECT).</param>
    /// <param name="tableColumns">
    /// The columns a job's workspace holds for a table, with their constraints; null for a table it does not hold
    /// (which the grant check refuses).
    /// </param>
    /// <returns>The reasons; empty when the statement is accepted.</returns>
    public static IReadOnlyList<string> Analyze(SqlStatement statement, Func<string, IReadOnlyList<ConstrainedColumn>?> tableColumns)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(tableColumns);
        var analysis = new QueryAnalysis(tableColumns, statement.Text);
        if (statement.Ast is not JsonObject node)
        {
            return ["the statement has no query the column rules can check"];
        }

        try
        {
            analysis.AnalyzeStatement(node);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidCastException)
        {
            // An AST shape the analysis does not expect (a field of another JSON type): refused, not waved through.
            return [.. analysis.Reasons, "the statement holds a construct the column rules cannot read"];
        }

        return analysis.Reasons;
    }
}
