using System.Globalization;
using DuckDB.NET.Data;
using Sandbox.Policy.Queries.Evidence;

namespace Sandbox.Policy.Tests.Queries.Evidence;

/// <summary>The bucket computed in DuckDB SQL is the C# <see cref="SubjectSketch.Bucket"/>, for every kind of hash.</summary>
public sealed class SketchBucketSqlTests
{
    [Fact]
    public void WithBucket_DuckDbHashesAndEdgeValues_EqualsTheCSharpBucket()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        // DuckDB's own hashes of many values, and the values where wrapping matters: 0, the top of the range (h + 1 and
        // h + 2 wrap), and values whose products overflow 64 bits.
        var edges = new ulong[] { 0, 1, 2, ulong.MaxValue, ulong.MaxValue - 1, ulong.MaxValue - 2, 1UL << 63, 0x5bd1e9955bd1e995UL, 0x9E3779B97F4A7C15UL };
        var values = string.Join(" UNION ALL ", edges.Select(e => string.Create(CultureInfo.InvariantCulture, $"SELECT {e}::UBIGINT AS \"__h\"")));
        var hashed = $"SELECT hash(i) AS \"__h\" FROM range(20000) t(i) UNION ALL SELECT hash('resident-' || i) FROM range(20000) t(i) UNION ALL {values}";
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"__h\", \"__b\" FROM ({SketchBucketSql.WithBucket(hashed)})";
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            var hash = reader.GetFieldValue<ulong>(0);
            Assert.Equal(SubjectSketch.Bucket(hash), reader.GetFieldValue<ulong>(1));
            rows++;
        }

        Assert.Equal(40000 + edges.Length, rows);
    }
}
