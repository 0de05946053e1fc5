using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Store;

namespace Sandbox.Host.Datasets;

/// <summary>
/// Imports a provider's CSV or Parquet file into the domain: DuckDB's own readers write an immutable,
/// content-addressed Parquet file; schema, row count, hash and column classification go to the control store.
/// </summary>
public static partial class DatasetImporter
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex NamePattern();

    /// <summary>Imports <paramref name="file"/> as dataset <paramref name="name"/>.</summary>
    public static DatasetRecord Import(SandboxSession session, string file, string name, string? provider, string? subject)
    {
        // 1. Validate what we were given before touching the domain.
        if (!NamePattern().IsMatch(name)) throw new InputException($"--name: '{name}' must be lower-case letters, digits and _ (it becomes a table name)");
        if (!File.Exists(file)) throw new InputException($"{file}: file not found");

        // 2. Convert with DuckDB's reader into a temporary Parquet file inside the domain.
        var datasetDir = Path.Combine(session.Home.DatasetsDirectory, name);
        Directory.CreateDirectory(datasetDir);
        var temp = Path.Combine(datasetDir, $".import-{Guid.NewGuid():N}.parquet");
        try
        {
            using var duck = new DuckDBConnection("DataSource=:memory:");
            duck.Open();
            // Identifier columns are read as the file's text (ProviderFile): no type guess rounds or trims them.
            var input = ProviderFile.Open(duck, file);
            try
            {
                Sql.Execute(duck, $"COPY (SELECT * FROM {input.Source}) TO {Sql.Literal(temp)} (FORMAT parquet, COMPRESSION zstd)");
            }
            catch (DuckDBException ex)
            {
                throw new InputException($"{file}: {DuckDbErrors.OneLine(ex.Message)}");
            }

            // 3. Describe and classify the converted data.
            var source = $"read_parquet({Sql.Literal(temp)})";
            var classified = Sql.IsCsv(file) ? [.. input.Columns] : ColumnProfiler.Profile(duck, source);
            if (classified.Count == 0) throw new InputException($"{file}: no columns");
            if (subject is not null && classified.All(c => c.Name != subject))
            {
                throw new InputException($"--subject: '{subject}' is not a column of {file} (columns: {string.Join(", ", classified.Select(c => c.Name))})");
            }
            var rows = Convert.ToInt64(Sql.Scalar(duck, $"SELECT count(*) FROM {source}"));

            // 4. Content-address the file and record it with its audit entry in one transaction.
            // Sealed at rest under the home's data key: a copy of this file alone is unreadable (RawVault).
            var sha = FileHash.Sha256Of(temp);
            var final = Path.Combine(datasetDir, sha + ".parquet" + RawVault.Suffix);
            if (!File.Exists(final)) RawVault.Seal(temp, final, KeyFiles.Read(session.Home.DataKeyPath));
            File.SetUnixFileMode(final, UnixFileMode.UserRead);

            var record = new DatasetRecord(name, provider, subject, sha, final, rows, classified, session.Time.GetUtcNow());
            session.Store.Change(session.Actor, AuditActions.DatasetImport, name,
                new { sha256 = sha, rows, source = Path.GetFileName(file), provider, subject, columns = classified.Select(c => new { c.Name, c.Entity, c.Level }) },
                tx => { session.Store.PutDataset(tx, record); return 0; });
            return record;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
