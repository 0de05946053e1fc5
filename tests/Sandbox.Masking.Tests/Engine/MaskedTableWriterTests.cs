using Apache.Arrow;
using Apache.Arrow.Ipc;
using Sandbox.Masking.Engine;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Engine;

/// <summary>
/// The writer reads on the caller's thread, masks each batch on the thread pool and writes on another thread: batches
/// still land in the order they were read, and a failure on any side stops them all and leaves no file. Columns whose
/// values are all different are written plain (no dictionary, no compression), the others as before.
/// </summary>
public sealed class MaskedTableWriterTests : IDisposable
{
    private static readonly byte[] Master = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly ColumnPlan[] Plans = [new("resident_id", new MaskingRule(Technique.Tokenize))];
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("masked-writer-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task WriteAsync_ManyBatches_WritesEveryRowInReadOrder()
    {
        // More batches than the queue between the two sides holds, so the reading side waits on the writing one.
        var source = new Batches(500, 7);
        var arrow = Path.Combine(_directory.FullName, "t.arrow");
        var seen = new List<long>();
        using var engine = new MaskingEngine(Master, "g1");

        var rows = await MaskedTableWriter.WriteAsync(source, engine, Plans, arrow, Path.Combine(_directory.FullName, "t.parquet"), CancellationToken.None,
            batch => seen.Add(((Int64Array)batch.Column("n")).GetValue(0)!.Value));

        Assert.Equal(3500, rows);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => i * 7L), seen);
        using var tokenizer = new KeyedTokenizer(Master, "g1");
        using var reader = new ArrowFileReader(File.OpenRead(arrow));
        var n = 0L;
        while (await reader.ReadNextRecordBatchAsync() is { } read)
        {
            for (var i = 0; i < read.Length; i++, n++)
            {
                Assert.Equal(n, ((Int64Array)read.Column("n")).GetValue(i));
                Assert.Equal(tokenizer.Tokenize($"id-{n}"), ((StringArray)read.Column("resident_id")).GetString(i));
            }
        }
        Assert.Equal(3500, n);
    }

    [Fact]
    public async Task WriteAsync_WritingSideFails_RaisesItsErrorAndLeavesNoFile()
    {
        var source = new Batches(500, 7);
        var parquet = Path.Combine(_directory.FullName, "t.parquet");
        using var engine = new MaskingEngine(Master, "g1");
        var written = 0;

        var error = await Assert.ThrowsAsync<IOException>(() => MaskedTableWriter.WriteAsync(source, engine, Plans, null, parquet, CancellationToken.None,
            _ => { if (++written == 3) throw new IOException("disk full"); }));

        Assert.Equal("disk full", error.Message);
        Assert.False(File.Exists(parquet));
        Assert.True(source.Read < 500, "the reading side stops once the writing side has failed");
    }

    [Fact]
    public async Task WriteAsync_ReadingSideFails_RaisesItsErrorAndLeavesNoFile()
    {
        var source = new Batches(500, 7, failAt: 100);
        var arrow = Path.Combine(_directory.FullName, "t.arrow");
        var parquet = Path.Combine(_directory.FullName, "t.parquet");
        using var engine = new MaskingEngine(Master, "g1");

        await Assert.ThrowsAsync<InvalidDataException>(() => MaskedTableWriter.WriteAsync(source, engine, Plans, arrow, parquet, CancellationToken.None));

        Assert.False(File.Exists(arrow));
        Assert.False(File.Exists(parquet));
    }

    [Fact]
    public async Task WriteAsync_MaskingOfOneBatchFails_RaisesItsErrorAndLeavesNoFile()
    {
        // Batch 100's resident_id is a number: tokenizing it fails, while the batches around it are masked fine.
        var source = new Batches(500, 7, numericAt: 100);
        var arrow = Path.Combine(_directory.FullName, "t.arrow");
        var parquet = Path.Combine(_directory.FullName, "t.parquet");
        using var engine = new MaskingEngine(Master, "g1");
        var written = new List<long>();

        await Assert.ThrowsAsync<MaskingPlanException>(() => MaskedTableWriter.WriteAsync(source, engine, Plans, arrow, parquet, CancellationToken.None,
            batch => written.Add(((Int64Array)batch.Column("n")).GetValue(0)!.Value)));

        Assert.False(File.Exists(arrow));
        Assert.False(File.Exists(parquet));
        // Nothing after the failed batch reached the writer: it stops at the first batch it cannot take, in read order.
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 7L), written);
        Assert.True(source.Read < 500, "the reading side stops once a masking has failed");
    }

    [Fact]
    public async Task WriteAsync_ColumnsOfDistinctValues_AreWrittenPlain_OthersWithDictionaryAndSnappy_SameValues()
    {
        // resident_id is distinct on every row (its tokens too); district repeats.
        var source = new Batches(6, 2048, districts: true);
        var parquet = Path.Combine(_directory.FullName, "t.parquet");
        using var engine = new MaskingEngine(Master, "g1");

        Assert.Equal(6 * 2048, await MaskedTableWriter.WriteAsync(source, engine, Plans, null, parquet, CancellationToken.None));

        using var file = new ParquetSharp.ParquetFileReader(parquet);
        using var group = file.RowGroup(0);
        var chunks = Enumerable.Range(0, group.MetaData.NumColumns).ToDictionary(i => file.FileMetaData.Schema.Column(i).Name, i => group.MetaData.GetColumnChunkMetaData(i));
        Assert.Equal(ParquetSharp.Compression.Uncompressed, chunks["resident_id"].Compression);
        Assert.DoesNotContain(ParquetSharp.Encoding.RleDictionary, chunks["resident_id"].Encodings);
        Assert.Equal(ParquetSharp.Compression.Snappy, chunks["district"].Compression);
        Assert.Contains(ParquetSharp.Encoding.RleDictionary, chunks["district"].Encodings);
        Assert.Equal(ParquetSharp.Compression.Snappy, chunks["n"].Compression);
        using var tokenizer = new KeyedTokenizer(Master, "g1");
        using var reader = new ParquetSharp.Arrow.FileReader(parquet);
        using var batches = reader.GetRecordBatchReader();
        var n = 0L;
        while (await batches.ReadNextRecordBatchAsync() is { } read)
        {
            using (read)
            {
                for (var i = 0; i < read.Length; i++, n++)
                {
                    Assert.Equal(tokenizer.Tokenize($"id-{n}"), ((StringArray)read.Column("resident_id")).GetString(i));
                    Assert.Equal($"d{n % 7}", ((StringArray)read.Column("district")).GetString(i));
                }
            }
        }
        Assert.Equal(6 * 2048, n);
    }

    [Fact]
    public void Distinct_NamesStringColumnsOfNinetyPercentDistinctValues_InABatchLargeEnough()
    {
        static RecordBatch Batch(int rows, Func<int, string?> value)
        {
            var column = new StringArray.Builder();
            var repeated = new StringArray.Builder();
            var number = new Int64Array.Builder();
            for (var i = 0; i < rows; i++)
            {
                if (value(i) is { } v) column.Append(v);
                else column.AppendNull();
                repeated.Append($"d{i % 5}");
                number.Append(i);
            }
            return new RecordBatch.Builder().Append("c", true, column.Build()).Append("d", false, repeated.Build()).Append("n", false, number.Build()).Build();
        }

        Assert.Equal(["c"], MaskedTableWriter.Distinct(Batch(2048, i => $"id-{i}")));
        Assert.Equal(["c"], MaskedTableWriter.Distinct(Batch(2048, i => i % 3 == 0 ? null : $"id-{i}"))); // NULLs are not values
        Assert.Equal(["c"], MaskedTableWriter.Distinct(Batch(2048, i => $"id-{i % 1900}"))); // 93% distinct
        Assert.Empty(MaskedTableWriter.Distinct(Batch(2048, i => $"id-{i % 1700}"))); // 83%
        Assert.Empty(MaskedTableWriter.Distinct(Batch(999, i => $"id-{i}"))); // too few rows to tell
        Assert.Empty(MaskedTableWriter.Distinct(Batch(2048, i => i < 1500 ? null : $"id-{i}"))); // too few values to tell
    }

    [Fact]
    public async Task WriteAsync_NoBatch_StillWritesTheFileWithItsSchema()
    {
        var parquet = Path.Combine(_directory.FullName, "t.parquet");
        using var engine = new MaskingEngine(Master, "g1");

        Assert.Equal(0, await MaskedTableWriter.WriteAsync(new Batches(0, 7), engine, Plans, null, parquet, CancellationToken.None));

        using var file = new ParquetSharp.ParquetFileReader(parquet);
        Assert.Equal(0, file.FileMetaData.NumRows);
        Assert.Equal(["n", "resident_id"], Enumerable.Range(0, file.FileMetaData.Schema.NumColumns).Select(i => file.FileMetaData.Schema.Column(i).Name));
    }

    // `count` batches of `size` rows: n (0, 1, …) and resident_id "id-<n>" (a number in batch `numericAt`); counts the batches read.
    private sealed class Batches(int count, int size, int failAt = -1, int numericAt = -1, bool districts = false) : IArrowArrayStream
    {
        private int _read;

        public int Read => Volatile.Read(ref _read);

        public Schema Schema { get; } = Make(0, 1, districts: districts).Schema;

        public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            if (_read == failAt) throw new InvalidDataException("damaged row group");
            if (_read == count) return ValueTask.FromResult<RecordBatch?>(null);
            var numeric = _read == numericAt;
            return ValueTask.FromResult<RecordBatch?>(Make(_read++ * (long)size, size, numeric, districts));
        }

        public void Dispose()
        {
        }

        private static RecordBatch Make(long first, int size, bool numeric = false, bool districts = false)
        {
            var n = new Int64Array.Builder();
            var id = new StringArray.Builder();
            var number = new Int64Array.Builder();
            var district = new StringArray.Builder();
            for (var i = first; i < first + size; i++)
            {
                n.Append(i);
                id.Append($"id-{i}");
                number.Append(i);
                district.Append($"d{i % 7}");
            }
            var batch = new RecordBatch.Builder().Append("n", false, n.Build())
                .Append("resident_id", true, numeric ? (IArrowArray)number.Build() : id.Build());
            return (districts ? batch.Append("district", false, district.Build()) : batch).Build();
        }
    }
}
