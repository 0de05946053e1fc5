using System.Globalization;
using Sandbox.Policy.Consent;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Queries;
using Sandbox.Policy.Visibility;

namespace Sandbox.Policy.Access;

/// <summary>Decides whether a SQL job may run under a grant on a given day.</summary>
public static class SqlJobAuthorizer
{
    /// <summary>
    /// Checks the grant's state and period, then every query: no table functions, only granted
    /// tables, every column reference resolving to a granted column, consent evidence for every column
    /// holding personal information or trade secrets in the tables read, and the column rules
    /// ("usable but invisible", <see cref="ColumnRuleAnalyzer"/>). Collects every reason.
    /// </summary>
    /// <param name="grant">The grant the job names.</param>
    /// <param name="state">The grant's current lifecycle state.</param>
    /// <param name="today">The day the job would run.</param>
    /// <param name="queries">The job's parsed queries with their names.</param>
    /// <param name="catalog">The domain's datasets, to resolve bare column names against full schemas.</param>
    /// <returns><see cref="Decision.Allow"/>, or a denial with one reason per problem.</returns>
    /// <remarks>
    /// <c>*</c> is allowed: the job's workspace holds only the granted columns, so it expands to those.
    /// A name that resolves to no column the column rules can follow is refused (the rules fail closed).
    /// </remarks>
    public static Decision Authorize(
        Grant grant,
        GrantState state,
        DateOnly today,
        IReadOnlyList<(string Name, SqlStatement Statement)> queries,
        IDatasetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(catalog);

        // A set keeps the reasons distinct when several queries repeat one problem.
        var reasons = new List<string>();
        void Add(string reason)
        {
            if (!reasons.Contains(reason, StringComparer.Ordinal))
            {
                reasons.Add(reason);
            }
        }

        // 1. The grant must be active and within its period.
        if (state != GrantState.Active)
        {
            Add($"grant {grant.Id} is {Describe(state)}");
        }

        if (today > grant.Period.To)
        {
            Add($"grant {grant.Id} expired on {Day(grant.Period.To)}");
        }
        else if (today < grant.Period.From)
        {
            Add($"grant {grant.Id} starts on {Day(grant.Period.From)}");
        }

        // The full schema of a granted table; the granted columns when the catalog no longer knows it.
        IReadOnlyList<string>? ColumnsOf(string table) =>
            grant.Datasets.TryGetValue(table, out var dataset) ? catalog.ColumnsOf(dataset.Name) ?? dataset.Columns : null;

        var outsideTheGrant = new HashSet<SqlStatement>();
        foreach (var (_, statement) in queries)
        {
            // 2. No table functions: read_csv, read_parquet, glob … reach outside the workspace.
            foreach (var function in statement.TableFunctions)
            {
                Add($"table function {function} is not allowed");
            }

            // 3. Only granted tables, unqualified, with their own column names.
            foreach (var table in statement.Tables)
            {
                if (table.IsQualified || !grant.Datasets.ContainsKey(table.Name))
                {
                    Add($"table {table.QualifiedName} is not granted by {grant.Id}");
                }
                else if (table.RenamesColumns)
                {
                    Add($"table {table.Name} may not have its columns renamed in FROM; alias them in the select list instead");
                }
            }

            // 4. Every column reference must mean a granted column.
            foreach (var use in statement.Uses)
            {
                foreach (var (table, column) in ColumnResolver.Candidates(use, ColumnsOf))
                {
                    var dataset = grant.Datasets[table];
                    var schema = ColumnsOf(table) ?? [];
                    var known = schema.FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
                    if (known is not null && !dataset.Grants(known))
                    {
                        Add($"column {dataset.Name}.{known} is not granted by {grant.Id}");
                        outsideTheGrant.Add(statement);
                    }
                }
            }

            if (statement.TableFunctions.Count > 0 || statement.Tables.Any(t => t.IsQualified || !grant.Datasets.ContainsKey(t.Name) || t.RenamesColumns))
            {
                outsideTheGrant.Add(statement);
            }
        }

        // 5. Personal information and trade secrets only with the grant's consent evidence.
        foreach (var reason in ConsentRule.Check(grant, queries.SelectMany(q => q.Statement.Tables).Where(t => !t.IsQualified).Select(t => t.Name), catalog))
        {
            Add(reason);
        }

        // 6. Column rules: every output revealable, every other use allowed by its columns' constraints. Only for the
        //    queries within the grant: in the others a name the grant refuses would only also be unresolved here.
        IReadOnlyList<ConstrainedColumn>? Constrained(string table) =>
            grant.Datasets.TryGetValue(table, out var dataset)
                ? [.. dataset.Columns.Select(c => new ConstrainedColumn(c, dataset.ConstraintOf(c, catalog.LevelOf(dataset.Name, c))))]
                : null;
        foreach (var (name, statement) in queries.Where(q => !outsideTheGrant.Contains(q.Statement)))
        {
            foreach (var reason in ColumnRuleAnalyzer.Analyze(statement, Constrained))
            {
                Add($"query {name}: {reason}");
            }
        }

        return reasons.Count == 0 ? Decision.Allow : Decision.Deny([.. reasons]);
    }

    private static string Describe(GrantState state) => state switch
    {
        GrantState.Applied => "applied for but not active",
        GrantState.UnderReview => "under review, not active",
        GrantState.Publicized => "in its publicity period, not active",
        GrantState.Suspended => "suspended",
        GrantState.Terminated => "terminated",
        GrantState.Expired => "expired",
        _ => "not active",
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
