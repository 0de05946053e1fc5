using System.Globalization;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// <see cref="SubjectSketch.Bucket"/> written in DuckDB SQL, so the evidence query sums subject fingerprints per
/// bucket inside the engine, vectorized. It replaced a C# scalar function, which crossed into managed code for every
/// row: at a million rows that call cost several times the job's own query.
/// </summary>
/// <remarks>
/// SplitMix64's finalizer needs 64-bit multiplication that wraps, and DuckDB's UBIGINT arithmetic refuses to
/// overflow: each product is taken in UHUGEINT and masked back to 64 bits. The four mixes (three slots, one check)
/// are computed side by side in layers, each layer naming what the next reads twice. A test holds it to the C# function.
/// </remarks>
public static class SketchBucketSql
{
    private const string Mask = "18446744073709551615::UHUGEINT";

    /// <summary>
    /// <paramref name="hashed"/> (a SELECT with the 64-bit subject hash in column <c>"__h"</c>) with its bucket added
    /// as <c>"__b"</c>, as <see cref="SubjectSketch.Bucket"/> computes it; the helper columns <c>"__m…"</c> ride along.
    /// </summary>
    public static string WithBucket(string hashed)
    {
        ArgumentNullException.ThrowIfNull(hashed);
        const int Mixes = 4; // the three partitions' slots (inputs h, h+1, h+2), then the check (input h xor a constant)
        string Each(Func<int, string> column) => string.Join(", ", Enumerable.Range(0, Mixes).Select(column));
        string Multiply(string value, ulong factor) =>
            string.Create(CultureInfo.InvariantCulture, $"(({value}::UHUGEINT * {factor}::UHUGEINT) & {Mask})::UBIGINT");

        // The inputs, wrapping like the C# ulong addition.
        string inputs = $"SELECT *, \"__h\" AS \"__m0\", ((\"__h\"::UHUGEINT + 1) & {Mask})::UBIGINT AS \"__m1\", "
            + $"((\"__h\"::UHUGEINT + 2) & {Mask})::UBIGINT AS \"__m2\", xor(\"__h\", 6616326155283851669::UBIGINT) AS \"__m3\" FROM ({hashed})";
        // z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb; z ^ (z >> 31)
        string first = $"SELECT * REPLACE ({Each(i => $"{Multiply($"xor(\"__m{i}\", \"__m{i}\" >> 30)", 0xbf58476d1ce4e5b9UL)} AS \"__m{i}\"")}) FROM ({inputs})";
        string second = $"SELECT * REPLACE ({Each(i => $"{Multiply($"xor(\"__m{i}\", \"__m{i}\" >> 27)", 0x94d049bb133111ebUL)} AS \"__m{i}\"")}) FROM ({first})";
        string last = $"SELECT * REPLACE ({Each(i => $"xor(\"__m{i}\", \"__m{i}\" >> 31) AS \"__m{i}\"")}) FROM ({second})";
        int slots = SubjectSketch.SlotsPerPartition;
        return $"SELECT *, ((\"__m3\" >> 32) << 32) | (((\"__m0\" % {slots}) * {slots * slots}) + ((\"__m1\" % {slots}) * {slots}) + (\"__m2\" % {slots})) AS \"__b\" FROM ({last})";
    }
}
