using Apache.Arrow;
using FsCheck.Xunit;
using Sandbox.Masking.Engine;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Engine;

/// <summary>The engine's column kernels against the string techniques, over random columns with nulls and slices.</summary>
public sealed class ColumnKernelsTests
{
    private static readonly byte[] Master = Enumerable.Range(0, 32).Select(i => (byte)(i + 100)).ToArray();

    [Property(MaxTest = 200)]
    public void Mask_RandomTextColumn_EqualsStringTechniquesPerValue(int seed)
    {
        // ASCII-only columns take the whole-buffer fast path, mixed ones the per-value path; slices start at an offset.
        var random = new Random(seed);
        var asciiOnly = random.Next(2) == 0;
        var values = Enumerable.Range(0, random.Next(0, 70)).Select(_ => random.Next(6) == 0 ? null : Text(random, asciiOnly)).ToList();
        var skip = values.Count == 0 ? 0 : random.Next(values.Count);
        var first = random.Next(8);
        var last = random.Next(8);
        using var engine = new MaskingEngine(Master, "g");
        using var tokenizer = new KeyedTokenizer(Master, "g");
        using var whole = Column(values);
        var column = (StringArray)ArrowArrayFactory.Slice(whole, skip, values.Count - skip);
        using var batch = new RecordBatch.Builder().Append("a", true, column).Append("b", true, column).Build();

        using var masked = engine.Mask(batch, [new("a", new MaskingRule(Technique.KeepFirstLast, first, last)), new("b", new MaskingRule(Technique.Tokenize))]);

        var partial = (StringArray)masked.Batch.Column("a");
        var tokens = (StringArray)masked.Batch.Column("b");
        for (var i = 0; i < column.Length; i++)
        {
            var value = values[skip + i];
            Assert.Equal(value is null ? null : PartialMask.KeepFirstLast(value, first, last), partial.GetString(i));
            Assert.Equal(value is null ? null : tokenizer.Tokenize(value), tokens.GetString(i));
        }
    }

    // One-unit ASCII pieces, and non-ASCII ones of 2–4 UTF-8 bytes (the emoji is a surrogate pair: two UTF-16 units).
    private static readonly string[] Ascii = ["0", "7", "X", "-", "+", " "];
    private static readonly string[] Other = ["张", "三", "·", "é", "😀"];

    private static string Text(Random random, bool asciiOnly)
    {
        var length = random.Next(0, random.Next(3) == 0 ? 80 : 20);
        return string.Concat(Enumerable.Range(0, length).Select(_ => asciiOnly || random.Next(3) > 0
            ? Ascii[random.Next(Ascii.Length)]
            : Other[random.Next(Other.Length)]));
    }

    private static StringArray Column(IEnumerable<string?> values)
    {
        var builder = new StringArray.Builder();
        foreach (var value in values)
        {
            if (value is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(value);
            }
        }

        return builder.Build();
    }
}
