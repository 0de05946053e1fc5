using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Sandbox.Masking.Engine;

/// <summary>
/// Streams record batches through a <see cref="MaskingEngine"/> into an Arrow IPC file and/or a Parquet file,
/// one batch at a time: memory stays bounded by a batch (and Parquet's current row group), whatever the table size.
/// </summary>
public static class MaskedTableWriter
{
    /// <summary>Parquet row groups hold this many rows: DuckDB's default, and large enough for column statistics.</summary>
    public const int RowGroupSize = 122_880;

    /// <summary>Masks every batch of <paramref name="source"/> and writes the results; returns the rows written.</summary>
    /// <remarks>
    /// A failure deletes the files written so far: no half-written file is left behind. <paramref name="alsoTo"/>, when
    /// given, receives each masked batch too (valid only during the call), e.g. to load it into a database in the same pass.
    /// </remarks>
    /// <exception cref="MaskingPlanException">The plans do not fit the source's schema.</exception>
    public static async Task<long> WriteAsync(
        IArrowArrayStream source,
        MaskingEngine engine,
        IReadOnlyList<ColumnPlan> plans,
        string? arrowPath,
        string? parquetPath,
        CancellationToken cancellationToken,
        Action<RecordBatch>? alsoTo = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(engine);
        var schema = engine.MaskedSchema(source.Schema, plans);
        FileStream? arrowFile = null;
        ArrowFileWriter? arrow = null;
        ParquetSharp.Arrow.FileWriter? parquet = null;
        var rows = 0L;
        var done = false;
        try
        {
            if (arrowPath is not null)
            {
                arrowFile = new FileStream(arrowPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                arrow = new ArrowFileWriter(arrowFile, schema, leaveOpen: true);
                await arrow.WriteStartAsync(cancellationToken).ConfigureAwait(false);
            }

            if (parquetPath is not null)
            {
                using var properties = new ParquetSharp.WriterPropertiesBuilder()
                    .Compression(ParquetSharp.Compression.Snappy)
                    .MaxRowGroupLength(RowGroupSize)
                    .Build();
                parquet = new ParquetSharp.Arrow.FileWriter(parquetPath, schema, properties);
            }

            while (await source.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } next)
            {
                using var batch = next; // disposed after the masked batch, which shares its unmasked columns
                using var masked = engine.Mask(batch, plans);
                if (arrow is not null)
                {
                    await arrow.WriteRecordBatchAsync(masked.Batch, cancellationToken).ConfigureAwait(false);
                }

                // Buffered: small input batches (DuckDB streams 2048 rows at a time) fill one row group.
                parquet?.WriteBufferedRecordBatch(masked.Batch);
                alsoTo?.Invoke(masked.Batch);
                rows += masked.Batch.Length;
            }

            if (arrow is not null)
            {
                await arrow.WriteEndAsync(cancellationToken).ConfigureAwait(false);
            }

            parquet?.Close();
            done = true;
            return rows;
        }
        finally
        {
            arrow?.Dispose();
            if (arrowFile is not null)
            {
                await arrowFile.DisposeAsync().ConfigureAwait(false);
            }

            parquet?.Dispose();
            if (!done)
            {
                Delete(arrowPath);
                Delete(parquetPath);
            }
        }
    }

    private static void Delete(string? path)
    {
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
