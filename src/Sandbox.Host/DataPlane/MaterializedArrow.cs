using Apache.Arrow.Ipc;

namespace Sandbox.Host.DataPlane;

/// <summary>
/// The Arrow IPC copy of a materialized table, for container jobs only (inprocess jobs read the grant's database):
/// written from the table's masked Parquet the first time a container job needs it, not by every first use.
/// </summary>
/// <remarks>
/// Written under the table's lock, to a temporary name swept like the table's own (<see cref="Materializer.RemoveLeftovers"/>),
/// then renamed: it appears whole. It holds what the Parquet holds, already masked; no raw file is read.
/// </remarks>
internal static class MaterializedArrow
{
    /// <summary>The path of <paramref name="table"/>'s Arrow file, written first when there is none.</summary>
    public static string Ensure(Materializer.Table table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (File.Exists(table.Arrow)) return table.Arrow;
        var directory = Path.GetDirectoryName(table.Arrow)!;
        using var held = Materializer.Lock(Path.Combine(directory, $"{table.Name}.lock"), cancellationToken);
        if (File.Exists(table.Arrow)) return table.Arrow; // another job wrote it meanwhile
        var temp = Path.Combine(directory, $".{table.Name}.{table.Address}.{Guid.NewGuid():N}.arrow");
        try
        {
            using (var parquet = new ParquetSharp.Arrow.FileReader(table.Parquet))
            using (var batches = parquet.GetRecordBatchReader())
            using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            using (var arrow = new ArrowFileWriter(file, batches.Schema, leaveOpen: true))
            {
                arrow.WriteStart();
                // One row group's batches at a time: bounded memory whatever the table size.
                while (batches.ReadNextRecordBatchAsync(cancellationToken).AsTask().GetAwaiter().GetResult() is { } batch)
                {
                    using (batch) arrow.WriteRecordBatch(batch);
                }
                arrow.WriteEnd();
            }
            File.Move(temp, table.Arrow);
            return table.Arrow;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
