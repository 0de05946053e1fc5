using System.Diagnostics;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;

namespace Sandbox.Host.Datasets;

/// <summary>
/// Imports a provider's CSV or Parquet file into the domain: DuckDB's own readers write an immutable,
/// content-addressed Parquet file; schema, row count, hash and column classification go to the control store.
/// </summary>
/// <remarks>
/// A CSV is first read once in a streaming pass (<see cref="CsvPreflight"/>): encoding, header and field counts are
/// checked there and a non-UTF-8 file is converted to a UTF-8 temporary file in the home. Everything the import
/// writes is a temporary file until the last step (rename, then one store transaction); a failure removes what it
/// wrote, and temporaries of an import that was killed are swept by the next one.
/// </remarks>
public static partial class DatasetImporter
{
    private const string TempPrefix = ".import-";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex NamePattern();

    /// <summary>How to import: the file's text encoding, whether an existing dataset may be replaced, progress.</summary>
    public sealed record Options(string Encoding = "utf-8", bool Replace = false, Action<string>? Progress = null);

    /// <summary>Imports <paramref name="file"/> as dataset <paramref name="name"/>.</summary>
    public static DatasetRecord Import(SandboxSession session, string file, string name, string? provider, string? subject, Options? options = null)
    {
        options ??= new Options();
        // 1. Validate what we were given before touching the domain.
        if (!NamePattern().IsMatch(name)) throw new InputException(new LocalMessage("import.name-invalid", ("name", name)));
        if (!File.Exists(file)) throw new InputException(new LocalMessage("import.file-not-found", ("file", file)));
        var encoding = CsvPreflight.EncodingFor(options.Encoding);
        var isCsv = Sql.IsCsv(file);
        if (!isCsv) Sql.ReaderFor(file);   // refuses an unsupported extension
        if (!isCsv && options.Encoding.Trim().ToLowerInvariant() is not ("utf-8" or "utf8"))
        {
            throw new InputException(new LocalMessage("import.encoding-not-csv", ("file", Path.GetFileName(file))));
        }
        var previous = session.Store.FindDataset(name);
        if (previous is not null && !options.Replace)
        {
            throw new InputException(new LocalMessage("import.exists", ("name", name), ("version", previous.Sha256[..12]), ("rows", previous.Rows)));
        }

        Directory.CreateDirectory(session.Home.DatasetsDirectory);
        SweepAbandoned(session.Home.DatasetsDirectory);
        var stamp = $"{TempPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}";
        var temp = Path.Combine(session.Home.DatasetsDirectory, stamp + ".parquet");
        var spill = Path.Combine(session.Home.DatasetsDirectory, stamp + ".spill");
        string? converted = null;
        var datasetDir = Path.Combine(session.Home.DatasetsDirectory, name);
        var createdDir = !Directory.Exists(datasetDir);
        string? placed = null;
        var committed = false;
        try
        {
            // 2. One streaming pass over a CSV: encoding, header, field counts; converted to UTF-8 if it is not.
            var readFrom = file;
            if (isCsv)
            {
                var isUtf8 = encoding is System.Text.UTF8Encoding;
                if (!isUtf8) converted = Path.Combine(session.Home.DatasetsDirectory, stamp + Path.GetExtension(file).ToLowerInvariant());
                var total = new FileInfo(file).Length;
                var reported = -1L;
                CsvPreflight.Check(file, encoding, Path.GetExtension(file).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',', converted,
                    options.Progress is null ? null : read =>
                    {
                        var percent = total == 0 ? 100 : read * 100 / total;
                        if (percent / 10 == reported / 10) return;
                        reported = percent;
                        options.Progress($"import {name}: checked {percent}% of {Path.GetFileName(file)} ({read / 1_048_576} of {total / 1_048_576} MiB)");
                    });
                if (converted is not null) readFrom = converted;
            }

            // 3. Convert with DuckDB's reader into a temporary Parquet file inside the domain.
            options.Progress?.Invoke($"import {name}: converting to Parquet");
            using var duck = ImportEngine.Open(spill);
            // Identifier columns are read as the file's text (ProviderFile): no type guess rounds or trims them.
            var input = Named(file, readFrom, () => ProviderFile.Open(duck, readFrom));
            Named(file, readFrom, () =>
            {
                try
                {
                    Sql.Execute(duck, $"COPY (SELECT * FROM {input.Source}) TO {Sql.Literal(temp)} (FORMAT parquet, COMPRESSION zstd)");
                }
                catch (DuckDBException ex)
                {
                    throw new InputException($"{file}: {DuckDbErrors.OneLine(ex.Message)}");
                }
                return 0;
            });
            if (converted is not null) File.Delete(converted);

            // 4. Describe and classify the converted data.
            options.Progress?.Invoke($"import {name}: classifying columns");
            var source = $"read_parquet({Sql.Literal(temp)})";
            var classified = isCsv ? [.. input.Columns] : ColumnProfiler.Profile(duck, source);
            if (classified.Count == 0) throw new InputException(new LocalMessage("import.no-columns", ("file", file)));
            // A replaced dataset keeps its providing department and subject unless new ones are named.
            provider ??= previous?.Provider;
            if (subject is null && previous?.Subject is { } kept && classified.Any(c => c.Name == kept)) subject = kept;
            if (subject is not null && classified.All(c => c.Name != subject))
            {
                throw new InputException(new LocalMessage("import.subject-unknown", ("subject", subject), ("file", file), ("columns", string.Join(", ", classified.Select(c => c.Name)))));
            }
            var rows = Convert.ToInt64(Sql.Scalar(duck, $"SELECT count(*) FROM {source}"));

            // 5. Content-address the file, sealed at rest under the home's data key (RawVault): a copy of it alone is
            //    unreadable. Sealed under the temporary's own name first, so a killed import leaves only what is swept.
            //    The dataset's folder appears only with its file, so a killed import leaves no folder either.
            var sha = FileHash.Sha256Of(temp);
            var final = Path.Combine(datasetDir, sha + ".parquet" + RawVault.Suffix);
            if (!File.Exists(final))
            {
                RawVault.Seal(temp, temp + RawVault.Suffix, KeyFiles.Read(session.Home.DataKeyPath));
                Directory.CreateDirectory(datasetDir);
                File.Move(temp + RawVault.Suffix, final);
                placed = final;
            }
            File.SetUnixFileMode(final, UnixFileMode.UserRead);

            var record = new DatasetRecord(name, provider, subject, sha, final, rows, classified, session.Time.GetUtcNow());
            var detail = new
            {
                sha256 = sha,
                rows,
                source = Path.GetFileName(file),
                encoding = options.Encoding.Trim().ToLowerInvariant(),
                provider,
                subject,
                replaced = previous is null ? null : new { sha256 = previous.Sha256, rows = previous.Rows },
                columns = classified.Select(c => new { c.Name, c.Entity, c.Level }),
            };
            session.Store.Change(session.Actor, previous is null ? AuditActions.DatasetImport : AuditActions.DatasetReplace, name, detail,
                tx =>
                {
                    // Another import of the same name committed while this one was reading: refused, never silently replaced.
                    if (!tx.PutDatasetVersion(record, previous, session.Actor, out var current))
                    {
                        throw new InputException(new LocalMessage("import.raced", ("name", name), ("version", current?[..12] ?? "none")));
                    }
                    return 0;
                });
            committed = true;
            return record;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (File.Exists(temp + RawVault.Suffix)) File.Delete(temp + RawVault.Suffix);
            if (converted is not null && File.Exists(converted)) File.Delete(converted);
            if (Directory.Exists(spill)) Directory.Delete(spill, recursive: true);
            if (!committed)
            {
                if (placed is not null && File.Exists(placed)) File.Delete(placed);
                if (createdDir && Directory.Exists(datasetDir) && !Directory.EnumerateFileSystemEntries(datasetDir).Any()) Directory.Delete(datasetDir);
            }
        }
    }

    // DuckDB's messages name the file it read: the converted copy is named as the provider's file.
    private static T Named<T>(string file, string readFrom, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (InputException ex) when (readFrom != file)
        {
            throw new InputException(ex.Message.Replace(readFrom, file, StringComparison.Ordinal), ex);
        }
    }

    // Temporaries (and spill folders) of an import whose process is gone (killed mid-way) are removed by the next import.
    private static void SweepAbandoned(string directory)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory, TempPrefix + "*"))
        {
            var rest = Path.GetFileName(path)[TempPrefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest[..dash], out var pid) || Alive(pid)) continue;
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
            }
            catch (IOException) { }
        }
    }

    private static bool Alive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
