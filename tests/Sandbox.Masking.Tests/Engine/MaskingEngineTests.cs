using Apache.Arrow;
using Apache.Arrow.Ipc;
using FsCheck.Xunit;
using Sandbox.Masking.Engine;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Engine;

public sealed class MaskingEngineTests
{
    private static readonly byte[] Master = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();

    private static RecordBatch Batch(IReadOnlyList<string?> ids, IReadOnlyList<string?> mobiles, IReadOnlyList<DateOnly?> births)
    {
        var id = new StringArray.Builder();
        var mobile = new StringArray.Builder();
        var birth = new Date32Array.Builder();
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is { } v) id.Append(v); else id.AppendNull();
            if (mobiles[i] is { } m) mobile.Append(m); else mobile.AppendNull();
            if (births[i] is { } b) birth.Append(b); else birth.AppendNull();
        }

        return new RecordBatch.Builder()
            .Append("resident_id", true, id.Build())
            .Append("mobile", true, mobile.Build())
            .Append("birth_date", true, birth.Build())
            .Build();
    }

    private static readonly ColumnPlan[] Plans =
    [
        new("resident_id", new MaskingRule(Technique.Tokenize)),
        new("mobile", new MaskingRule(Technique.KeepFirstLast, 3, 4)),
        new("birth_date", MaskingDefaults.Parse("year")),
    ];

    [Fact]
    public void Mask_Batch_EqualsStringTechniquesAndKeepsNulls()
    {
        var s = new Synthetic(21);
        var ids = Enumerable.Range(0, 100).Select(i => i % 7 == 0 ? null : s.ResidentId()).ToList();
        var mobiles = Enumerable.Range(0, 100).Select(i => i % 5 == 0 ? null : s.Mobile()).ToList();
        var births = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? (DateOnly?)null : s.BirthDate()).ToList();
        using var engine = new MaskingEngine(Master, "g1");
        using var tokenizer = new KeyedTokenizer(Master, "g1");

        using var source = Batch(ids, mobiles, births);
        using var masked = engine.Mask(source, Plans);

        var id = (StringArray)masked.Batch.Column("resident_id");
        var mobile = (StringArray)masked.Batch.Column("mobile");
        var birth = (Date32Array)masked.Batch.Column("birth_date");
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(ids[i] is null ? null : tokenizer.Tokenize(ids[i]), id.GetString(i));
            Assert.Equal(mobiles[i] is null ? null : PartialMask.KeepFirstLast(mobiles[i]!, 3, 4), mobile.GetString(i));
            Assert.Equal(births[i] is { } b ? new DateOnly(b.Year, 1, 1) : null, birth.GetDateOnly(i));
        }
    }

    [Property(MaxTest = 300)]
    public bool Utf8PartialMask_AnyText_EqualsPartialMask(string? value, byte first, byte last)
    {
        value ??= "";
        var utf8 = System.Text.Encoding.UTF8.GetBytes(value);
        if (System.Text.Encoding.UTF8.GetString(utf8) != value)
        {
            return true; // lone surrogates do not survive UTF-8; Arrow strings are valid UTF-8
        }

        var destination = new byte[utf8.Length];
        var written = Utf8PartialMask.Apply(utf8, destination, first % 8, last % 8, (byte)'*');
        return System.Text.Encoding.UTF8.GetString(destination, 0, written) == PartialMask.KeepFirstLast(value, first % 8, last % 8);
    }

    [Fact]
    public void MaskedSchema_RuleNotFittingType_ThrowsNamingColumn()
    {
        using var engine = new MaskingEngine(Master, "g1");
        var batch = Batch(["x"], ["y"], [null]);

        var error = Assert.Throws<MaskingPlanException>(() => engine.MaskedSchema(batch.Schema, [new("birth_date", new MaskingRule(Technique.Tokenize))]));

        Assert.Contains("birth_date", error.Message);
    }

    [Fact]
    public async Task WriteAsync_ArrowAndParquet_HoldMaskedValuesOnly()
    {
        var s = new Synthetic(22);
        var ids = Enumerable.Range(0, 50).Select(_ => (string?)s.ResidentId()).ToList();
        var mobiles = Enumerable.Range(0, 50).Select(_ => (string?)s.Mobile()).ToList();
        var births = Enumerable.Range(0, 50).Select(_ => (DateOnly?)s.BirthDate()).ToList();
        var directory = Directory.CreateTempSubdirectory("engine-");
        var arrow = Path.Combine(directory.FullName, "t.arrow");
        var parquet = Path.Combine(directory.FullName, "t.parquet");
        using var engine = new MaskingEngine(Master, "g1");
        var batch = Batch(ids, mobiles, births);

        var rows = await MaskedTableWriter.WriteAsync(new BatchStream(batch), engine, Plans, arrow, parquet, CancellationToken.None);

        Assert.Equal(50, rows);
        using (var reader = new ArrowFileReader(File.OpenRead(arrow)))
        {
            var read = await reader.ReadNextRecordBatchAsync();
            Assert.Equal(50, read.Length);
            Assert.StartsWith("tk_", ((StringArray)read.Column("resident_id")).GetString(0));
        }

        foreach (var file in new[] { arrow, parquet })
        {
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain(ids.Concat(mobiles), v => bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(v!)) >= 0);
        }

        directory.Delete(recursive: true);
    }

    private sealed class BatchStream(RecordBatch batch) : IArrowArrayStream
    {
        private RecordBatch? _next = batch;

        public Schema Schema { get; } = batch.Schema;

        public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            var next = _next;
            _next = null;
            return ValueTask.FromResult(next);
        }

        public void Dispose()
        {
        }
    }
}
