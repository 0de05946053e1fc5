using Sandbox.Policy.Queries.Evidence;

namespace Sandbox.Policy.Tests.Queries.Evidence;

public sealed class SubjectSketchTests
{
    private static SubjectSketch Of(IEnumerable<int> subjects)
    {
        var sketch = new SubjectSketch();
        foreach (int s in subjects)
        {
            // Spread like DuckDB's hash(): any 64-bit value.
            sketch.Add(unchecked((ulong)s * 0x9E3779B97F4A7C15UL));
        }

        return sketch;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void Difference_SetsNarrowedByFewSubjects_DecodesHowMany(int removed)
    {
        var all = Of(Enumerable.Range(0, 500));
        var narrowed = Of(Enumerable.Range(removed, 500 - removed));

        Assert.Equal(removed, SubjectSketch.Difference(all, narrowed));
        Assert.Equal(removed, SubjectSketch.Difference(narrowed, all));
    }

    [Fact]
    public void Difference_OneSubjectSwappedForAnother_CountsBoth()
    {
        Assert.Equal(2, SubjectSketch.Difference(Of(Enumerable.Range(0, 100)), Of(Enumerable.Range(1, 100))));
    }

    [Fact]
    public void Difference_UnrelatedSetsOfTheSameSize_DoesNotDecode()
    {
        Assert.Null(SubjectSketch.Difference(Of(Enumerable.Range(0, 300)), Of(Enumerable.Range(1000, 300))));
    }

    [Fact]
    public void Bytes_RoundTrip_KeepTheSketch()
    {
        var sketch = Of(Enumerable.Range(0, 42));

        var back = SubjectSketch.FromBytes(sketch.ToBytes());

        Assert.Equal(42, back.Subjects);
        Assert.Equal(0, SubjectSketch.Difference(sketch, back));
        Assert.Throws<FormatException>(() => SubjectSketch.FromBytes(new byte[7]));
    }

    [Fact]
    public void AddBucket_SumsOfEachBucket_GiveTheSameBytesAsAddingEverySubject()
    {
        var random = new Random(15);
        var hashes = Enumerable.Range(0, 5000).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40)).ToList();
        var one = new SubjectSketch();
        foreach (var hash in hashes) one.Add(hash);

        var summed = new SubjectSketch();
        foreach (var bucket in hashes.GroupBy(h => (int)(SubjectSketch.Bucket(h) & 0xFFFFFFFF)))
        {
            summed.AddBucket(bucket.Key, bucket.Count(), bucket.Aggregate(0UL, (x, h) => x ^ h), bucket.Aggregate(0U, (x, h) => x ^ (uint)(SubjectSketch.Bucket(h) >> 32)));
        }

        Assert.Equal(one.ToBytes(), summed.ToBytes());
        Assert.InRange(hashes.Select(h => (int)(SubjectSketch.Bucket(h) & 0xFFFFFFFF)).Max(), 0, SubjectSketch.Buckets - 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => summed.AddBucket(SubjectSketch.Buckets, 1, 0, 0));
    }
}
