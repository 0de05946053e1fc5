using DuckDB.NET.Data;
using Sandbox.Host.Datasets;
using Sandbox.Host.Store;
using Sandbox.Masking.Engine;

namespace Sandbox.Host.Staging;

/// <summary>
/// Builds a job's workspace: only the granted columns of the tables it needs, with level-3+ columns masked
/// on the way in. Raw values of masked columns pass through memory only, one Arrow batch at a time; they are
/// never written here.
/// </summary>
public static class WorkspaceStager
{
    /// <summary>One table to stage: the dataset and the rule of each granted column.</summary>
    public sealed record TablePlan(DatasetRecord Dataset, IReadOnlyList<ColumnMasking.Plan> Columns);

    /// <summary>
    /// Stages <paramref name="tables"/> into <paramref name="directory"/>: <c>&lt;table&gt;.arrow</c> (Arrow IPC),
    /// <c>&lt;table&gt;.parquet</c> and the table in <c>sandbox.duckdb</c>, each holding masked values only.
    /// </summary>
    /// <exception cref="IOException">The directory exists already.</exception>
    public static Workspace Stage(string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (Directory.Exists(directory)) throw new IOException($"{directory}: workspace already exists");
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "sandbox.duckdb");
        try
        {
            using var engine = new MaskingEngine(maskingKey, grantId);
            using (var raw = new DuckDBConnection("DataSource=:memory:"))
            using (var duck = new DuckDBConnection($"DataSource={database}"))
            {
                raw.Open();
                duck.Open();
                // Bounded memory whatever the table size: DuckDB defaults to 80% of RAM; past these limits it spills
                // (the raw reader only streams; the workspace database writes masked blocks to its own file).
                Sql.Execute(raw, "SET memory_limit='64MB'");
                Sql.Execute(duck, "SET memory_limit='96MB'");
                foreach (var table in tables)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var parquet = Path.Combine(directory, table.Dataset.Name + ".parquet");
                    var arrow = Path.Combine(directory, table.Dataset.Name + ".arrow");
                    // 1. The granted columns stream out of the domain's Parquet as Arrow batches (raw, in memory only).
                    using var command = raw.CreateCommand();
                    command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => Source(table.Dataset, c)))} FROM read_parquet({Sql.Literal(table.Dataset.Path)})";
                    using var stream = command.ExecuteArrowStream();
                    // 2. The engine masks each batch on its buffers and writes Arrow IPC and Parquet side by side.
                    MaskedTableWriter.WriteAsync(stream, engine, [.. table.Columns.Select(Plan)], arrow, parquet, cancellationToken)
                        .GetAwaiter().GetResult(); // Stage is synchronous; the writer only awaits file I/O, there is no context to deadlock on
                    // 3. The workspace database loads the masked Parquet.
                    Sql.Execute(duck, $"CREATE TABLE {Sql.Identifier(table.Dataset.Name)} AS SELECT * FROM read_parquet({Sql.Literal(parquet)})");
                }
                Sql.Execute(duck, "CHECKPOINT");
            }
            return new Workspace(directory, database, [.. tables.Select(t => t.Dataset.Name)]) { Subjects = SubjectsOf(tables) };
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    private static string Source(DatasetRecord dataset, ColumnMasking.Plan plan) =>
        MaskedSelect.Expression(plan.Column, dataset.Columns.FirstOrDefault(c => c.Name == plan.Column)?.Type ?? "VARCHAR", plan.Rule);

    private static ColumnPlan Plan(ColumnMasking.Plan plan) => MaskedSelect.Plan(plan.Column, plan.Rule);

    // The runner's evidence counts subjects by this column: a tokenized or masked subject still tells subjects apart
    // (tokens are stable within a grant); a redacted one does not, so its table gets no evidence.
    private static Dictionary<string, string> SubjectsOf(IReadOnlyList<TablePlan> tables) =>
        tables.Where(t => t.Dataset.Subject is { } subject
                && t.Columns.Any(c => string.Equals(c.Column, subject, StringComparison.OrdinalIgnoreCase) && c.Rule.Technique != Sandbox.Masking.Techniques.Technique.Redact))
            .ToDictionary(t => t.Dataset.Name, t => t.Dataset.Subject!, StringComparer.OrdinalIgnoreCase);
}
