using DuckDB.NET.Data;
using Sandbox.Host.Datasets;
using Sandbox.Masking.Techniques;
using Sandbox.Host.Store;

namespace Sandbox.Host.Staging;

/// <summary>
/// Builds a job's workspace: only the granted columns of the tables it needs, with level-3+ columns masked
/// on the way in. Raw values of masked columns pass through memory only; they are never written here.
/// </summary>
public static class WorkspaceStager
{
    /// <summary>One table to stage: the dataset and the rule of each granted column.</summary>
    public sealed record TablePlan(DatasetRecord Dataset, IReadOnlyList<ColumnMasking.Plan> Columns);

    public static Workspace Stage(string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory)) throw new IOException($"{directory}: workspace already exists");
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "sandbox.duckdb");
        try
        {
            using var tokenizer = new KeyedTokenizer(maskingKey, grantId);
            using (var duck = new DuckDBConnection($"DataSource={database}"))
            {
                duck.Open();
                RegisterMaskingFunctions(duck, tokenizer);
                foreach (var table in tables)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // 1. Granted columns only, each through its technique, into the workspace database.
                    var select = string.Join(", ", table.Columns.Select(c => $"{Expression(c)} AS {Sql.Identifier(c.Column)}"));
                    var name = Sql.Identifier(table.Dataset.Name);
                    Sql.Execute(duck, $"CREATE TABLE {name} AS SELECT {select} FROM read_parquet({Sql.Literal(table.Dataset.Path)})");
                    // 2. The same table as Parquet, for job kinds that read files.
                    Sql.Execute(duck, $"COPY {name} TO {Sql.Literal(Path.Combine(directory, table.Dataset.Name + ".parquet"))} (FORMAT parquet)");
                }
                Sql.Execute(duck, "CHECKPOINT");
            }
            return new Workspace(directory, database, [.. tables.Select(t => t.Dataset.Name)]);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    private static string Expression(ColumnMasking.Plan plan)
    {
        var column = Sql.Identifier(plan.Column);
        return plan.Rule.Technique switch
        {
            Technique.Keep => column,
            Technique.KeepFirstLast => $"sbx_mask(CAST({column} AS VARCHAR), {plan.Rule.First}, {plan.Rule.Last})",
            Technique.Tokenize => $"sbx_token(CAST({column} AS VARCHAR))",
            Technique.Redact => "CAST(NULL AS VARCHAR)",
            var other => throw new InvalidOperationException($"technique {other} has no staging expression"),
        };
    }

    private static void RegisterMaskingFunctions(DuckDBConnection duck, KeyedTokenizer tokenizer)
    {
        duck.RegisterScalarFunction<string, int, int, string>("sbx_mask", (readers, writer, count) =>
        {
            for (ulong i = 0; i < count; i++)
            {
                var value = readers[0].GetValue<string>(i);
                writer.WriteValue(PartialMask.KeepFirstLast(value, readers[1].GetValue<int>(i), readers[2].GetValue<int>(i)), i);
            }
        });
        duck.RegisterScalarFunction<string, string>("sbx_token", (readers, writer, count) =>
        {
            for (ulong i = 0; i < count; i++)
            {
                writer.WriteValue(tokenizer.Tokenize(readers[0].GetValue<string>(i)), i);
            }
        });
    }
}
