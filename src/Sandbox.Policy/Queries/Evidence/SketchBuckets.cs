using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// The scalar function the evidence query sums subject fingerprints with (<c>__sandbox_sketch_bucket(UBIGINT)</c>,
/// <see cref="SubjectSketch.Bucket"/>): C# on whole vectors, so DuckDB hands back per-bucket sums instead of a list of
/// every subject's hash. Pure, reads nothing but its argument; a job's query may call it and learns only a function of
/// a hash it could compute itself.
/// </summary>
public static class SketchBuckets
{
    private static readonly ConditionalWeakTable<DuckDBConnection, object> Registered = [];

    /// <summary>Registers the function on <paramref name="connection"/> once (DuckDB keeps it for the instance).</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Registered.TryGetValue(connection, out _)) return;
#pragma warning disable DuckDBNET001 // DuckDB.NET marks scalar functions experimental; the signature is pinned with the package
        connection.RegisterScalarFunction<ulong, ulong>(EvidenceRewriter.BucketFunction, static (readers, writer, rows) =>
        {
            var hashes = readers[0];
            for (ulong row = 0; row < rows; row++)
            {
                writer.WriteValue(SubjectSketch.Bucket(hashes.GetValue<ulong>(row)), row);
            }
        }, new ScalarFunctionOptions { IsPureFunction = true }, false);
#pragma warning restore DuckDBNET001
        Registered.AddOrUpdate(connection, Registered);
    }

    /// <summary>
    /// Notes that <paramref name="connection"/> shares an instance on which <see cref="Register"/> ran already (a
    /// connection of a warm instance): registering again would fail, or race another connection's registration.
    /// </summary>
    public static void Inherit(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Registered.AddOrUpdate(connection, Registered);
    }
}
