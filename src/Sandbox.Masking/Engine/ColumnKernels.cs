using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sandbox.Masking.Detection;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Engine;

/// <summary>One rule applied to one Arrow column, value by value over the raw buffers.</summary>
internal static class ColumnKernels
{
    private const int TextStackLimit = 256;

    /// <summary>The Arrow type a column of <paramref name="field"/> has after <paramref name="rule"/>; throws when the rule does not fit.</summary>
    public static IArrowType OutputType(Field field, MaskingRule rule)
    {
        var type = field.DataType;
        var isText = type.TypeId == ArrowTypeId.String;
        var isDate = type.TypeId == ArrowTypeId.Date32;
        var fits = rule.Technique switch
        {
            Technique.Keep or Technique.Redact => true,
            Technique.KeepFirstLast or Technique.Tokenize => isText,
            Technique.Generalize => rule.Generalization switch
            {
                Generalization.Year or Generalization.Month => isText || isDate,
                Generalization.District => isText,
                Generalization.AgeBand or Generalization.Bucket => IsNumber(type),
                _ => false,
            },
            Technique.Noise => IsNumber(type),
            Technique.DateShift => isText || isDate,
            _ => false,
        };
        if (!fits)
        {
            throw new MaskingPlanException($"column {field.Name}: {Describe(rule)} does not apply to {type.Name} values");
        }

        return rule.Technique switch
        {
            Technique.Keep => type,
            Technique.Generalize when rule.Generalization == Generalization.Bucket => DoubleType.Default,
            Technique.Noise => DoubleType.Default,
            Technique.Generalize or Technique.DateShift when isDate => Date32Type.Default,
            _ => StringType.Default,
        };
    }

    public static IArrowArray Apply(Field field, IArrowArray column, MaskingRule rule, IArrowArray? subject, MaskingEngine engine, List<IDisposable> owned) =>
        rule.Technique switch
        {
            Technique.Redact => Redact(column.Length, owned),
            Technique.KeepFirstLast => PartialMask((StringArray)column, rule, owned),
            Technique.Tokenize => Tokenize((StringArray)column, engine.Tokenizer, owned),
            Technique.Generalize => rule.Generalization switch
            {
                Generalization.Year or Generalization.Month when column is Date32Array dates => TruncateDates(dates, rule.Generalization, owned),
                Generalization.Year or Generalization.Month => GeneralizeDateText((StringArray)column, rule.Generalization, owned),
                Generalization.District => District((StringArray)column, owned),
                Generalization.AgeBand => AgeBands(column, rule, owned),
                _ => Numbers(column, v => NumericGeneralization.Bucket(v, rule.Width, rule.Bottom, rule.Top), owned),
            },
            Technique.Noise => Numbers(column, v => engine.Noise.Apply(v, rule.Scale), owned),
            Technique.DateShift when column is Date32Array dates => ShiftDates(dates, subject!, rule, engine.Shifter, owned),
            Technique.DateShift => ShiftDateText((StringArray)column, subject!, rule, engine.Shifter, owned),
            _ => throw new MaskingPlanException($"column {field.Name}: {rule.Technique} has no kernel"),
        };

    private static StringArray Redact(int length, List<IDisposable> owned)
    {
        using var builder = new Utf8ColumnBuilder(length, 0, owned);
        for (var i = 0; i < length; i++)
        {
            builder.AppendNull();
        }

        return builder.Build();
    }

    private static StringArray PartialMask(StringArray column, MaskingRule rule, List<IDisposable> owned)
    {
        var offsets = column.ValueOffsets;
        if (Ascii.IsValid(column.Values[offsets[0]..offsets[^1]]))
        {
            return PartialMaskAscii(column, rule, owned); // identifiers and phone numbers: one vectorized check per batch
        }

        // The masked value is never longer than the source, so the source's byte length is enough capacity.
        using var builder = new Utf8ColumnBuilder(column.Length, offsets[^1] - offsets[0], owned);
        var mask = (byte)rule.MaskChar; // mask chars are ASCII ('*', 'x', '#')
        for (var i = 0; i < column.Length; i++)
        {
            var value = column.GetBytes(i, out var isNull);
            if (isNull)
            {
                builder.AppendNull();
                continue;
            }

            builder.Commit(Utf8PartialMask.Apply(value, builder.Reserve(value.Length), rule.First, rule.Last, mask));
        }

        return builder.Build();
    }

    // ASCII only: one byte per UTF-16 unit, so masking keeps every value's length. The output offsets are the
    // source's (rebased to 0) and the output bytes are one copy of the source's with each value's middle overwritten,
    // the same result as Utf8PartialMask.Apply per value.
    private static unsafe StringArray PartialMaskAscii(StringArray column, MaskingRule rule, List<IDisposable> owned)
    {
        var length = column.Length;
        var source = column.ValueOffsets;
        var bytes = column.Values[source[0]..source[length]];
        var validity = Validity(column, out var nulls, owned);
        var offsetsBuffer = NativeBuffer.Allocate((length + 1) * sizeof(int), owned);
        var valuesBuffer = NativeBuffer.Allocate(Math.Max(bytes.Length, 64), owned);
        var offsets = MemoryMarshal.Cast<byte, int>(offsetsBuffer.Memory.Span)[..(length + 1)];
        var values = valuesBuffer.Memory.Span;
        bytes.CopyTo(values);

        // Rebase, and check the offsets ascend: the fill below writes through a pointer without bounds checks, so
        // malformed input offsets must fail here rather than write outside the value buffer.
        var previous = 0;
        for (var i = 0; i <= length; i++)
        {
            var offset = source[i] - source[0];
            if (offset < previous)
            {
                throw new MaskingPlanException("a text column's value offsets are not ascending");
            }

            offsets[i] = previous = offset;
        }

        // One vectorized pass decides whether any value has separators or a prefix; without them only values led by
        // a trunk 0 or 15 long (old IDs) take the meaning path, so plain IDs and mobiles keep the word-wide fill.
        var plainBatch = !bytes.ContainsAnyExcept(IdentifierMask.Plain);
        var mask = 0x0101010101010101UL * (byte)rule.MaskChar; // the mask char in every byte, for word-wide stores
        var keep = rule.First + rule.Last;
        // Both buffers are native (NativeBuffer), so fixed pins nothing; it only hands out the pointers.
        fixed (byte* output = values)
        fixed (int* at = offsets)
        {
            for (var i = 0; i < length; i++)
            {
                var start = at[i];
                var size = at[i + 1] - start;
                if (nulls != 0 && !column.IsValid(i))
                {
                    Fill(output + start, size, mask); // a null slot's stray bytes: hidden whole
                }
                else if (size is >= 7 and <= 64 && (!plainBatch || output[start] == (byte)'0' || size == 15) && IdentifierMask.TryApply(bytes.Slice(start, size), values.Slice(start, size), rule.First, rule.Last, (byte)rule.MaskChar))
                {
                    // separators, a country prefix, an area code or a 15-digit ID: masked on its meaning
                }
                else if (size > keep)
                {
                    Fill(output + start + rule.First, size - keep, mask);
                }
                else
                {
                    Fill(output + start, size, mask); // too short to keep anything: hidden whole
                }
            }
        }

        return new StringArray(length, new ArrowBuffer(offsetsBuffer.Memory), new ArrowBuffer(valuesBuffer.Memory), validity, nulls);
    }

    // The middle of an ID or phone number is 4–12 bytes: overlapping 8- or 4-byte stores cover it in two writes,
    // where Span.Fill pays a call and a length dispatch per value.
    private static unsafe void Fill(byte* destination, int count, ulong mask)
    {
        if (count >= 8)
        {
            var last = destination + count - 8;
            for (; destination < last; destination += 8)
            {
                Unsafe.WriteUnaligned(destination, mask);
            }

            Unsafe.WriteUnaligned(last, mask);
        }
        else if (count >= 4)
        {
            Unsafe.WriteUnaligned(destination, (uint)mask);
            Unsafe.WriteUnaligned(destination + count - 4, (uint)mask);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                destination[i] = (byte)mask;
            }
        }
    }

    private static StringArray Tokenize(StringArray column, KeyedTokenizer tokenizer, List<IDisposable> owned)
    {
        // Every token has the same length, so offsets and the value buffer are sized in one go: the nth non-null
        // value's token sits at 23n. Values go to the tokenizer in chunks of rows, which it hashes eight at a time.
        const int ChunkRows = 512;
        var length = column.Length;
        var validity = Validity(column, out var nulls, owned);
        var offsetsBuffer = NativeBuffer.Allocate((length + 1) * sizeof(int), owned);
        var valuesBuffer = NativeBuffer.Allocate(Math.Max((length - nulls) * KeyedTokenizer.TokenLength, 64), owned);
        var offsets = MemoryMarshal.Cast<byte, int>(offsetsBuffer.Memory.Span);
        var tokens = valuesBuffer.Memory.Span;
        var sourceOffsets = column.ValueOffsets;
        var sourceValues = column.Values;
        Span<int> rows = stackalloc int[ChunkRows];
        var written = 0;
        offsets[0] = 0;
        for (var start = 0; start < length; start += ChunkRows)
        {
            var end = Math.Min(start + ChunkRows, length);
            var count = 0;
            for (var i = start; i < end; i++)
            {
                if (nulls == 0 || column.IsValid(i))
                {
                    rows[count++] = i;
                }

                offsets[i + 1] = written + (count * KeyedTokenizer.TokenLength);
            }

            tokenizer.TokenizeUtf8Rows(sourceValues, sourceOffsets, rows[..count], tokens.Slice(written, count * KeyedTokenizer.TokenLength));
            written += count * KeyedTokenizer.TokenLength;
        }

        return new StringArray(length, new ArrowBuffer(offsetsBuffer.Memory), new ArrowBuffer(valuesBuffer.Memory), validity, nulls);
    }

    private static StringArray GeneralizeDateText(StringArray column, Generalization to, List<IDisposable> owned)
    {
        using var builder = new Utf8ColumnBuilder(column.Length, column.Length * 7, owned);
        Span<char> text = stackalloc char[32];
        Span<char> result = stackalloc char[7];
        for (var i = 0; i < column.Length; i++)
        {
            var value = column.GetBytes(i, out var isNull);
            var written = isNull || value.Length > text.Length ? -1 : DateGeneralization.Generalize(text[..Encoding.UTF8.GetChars(value, text)], to, result);
            if (written < 0)
            {
                builder.AppendNull(); // not a date: hidden, never passed through
                continue;
            }

            builder.Commit(Encoding.ASCII.GetBytes(result[..written], builder.Reserve(written)));
        }

        return builder.Build();
    }

    private static StringArray District(StringArray column, List<IDisposable> owned)
    {
        var offsets = column.ValueOffsets;
        using var builder = new Utf8ColumnBuilder(column.Length, offsets[^1] - offsets[0], owned);
        Span<char> stack = stackalloc char[TextStackLimit];
        for (var i = 0; i < column.Length; i++)
        {
            var value = column.GetBytes(i, out var isNull);
            if (isNull)
            {
                builder.AppendNull();
                continue;
            }

            char[]? rented = null;
            var text = value.Length <= TextStackLimit ? stack : (rented = ArrayPool<char>.Shared.Rent(value.Length));
            try
            {
                var district = AddressGeneralization.District(text[..Encoding.UTF8.GetChars(value, text)]);
                if (district.IsEmpty)
                {
                    builder.AppendNull(); // no district to cut at: hidden whole
                }
                else
                {
                    // A prefix of the decoded value re-encodes to at most the value's own byte length.
                    builder.Commit(Encoding.UTF8.GetBytes(district, builder.Reserve(value.Length)));
                }
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented, clearArray: true); // held a raw address
                }
            }
        }

        return builder.Build();
    }

    private static StringArray AgeBands(IArrowArray column, MaskingRule rule, List<IDisposable> owned)
    {
        using var builder = new Utf8ColumnBuilder(column.Length, column.Length * 8, owned);
        Span<char> band = stackalloc char[32];
        var width = Math.Max(1, (int)rule.Width);
        int? bottom = rule.Bottom is { } b ? (int)b : null;
        int? top = rule.Top is { } t ? (int)t : null;
        for (var i = 0; i < column.Length; i++)
        {
            if (column.IsNull(i))
            {
                builder.AppendNull();
                continue;
            }

            var written = NumericGeneralization.AgeBand((int)Math.Floor(NumberAt(column, i)), width, bottom, top, band);
            builder.Commit(Encoding.ASCII.GetBytes(band[..written], builder.Reserve(written)));
        }

        return builder.Build();
    }

    private static DoubleArray Numbers(IArrowArray column, Func<double, double> transform, List<IDisposable> owned)
    {
        var length = column.Length;
        var values = NativeBuffer.Allocate(length * sizeof(double), owned);
        var validity = Validity(column, out var nulls, owned);
        var span = MemoryMarshal.Cast<byte, double>(values.Memory.Span);
        for (var i = 0; i < length; i++)
        {
            span[i] = column.IsNull(i) ? 0 : transform(NumberAt(column, i));
        }

        return new DoubleArray(new ArrowBuffer(values.Memory), validity, length, nulls, 0);
    }

    private static Date32Array TruncateDates(Date32Array column, Generalization to, List<IDisposable> owned)
    {
        var length = column.Length;
        var values = NativeBuffer.Allocate(length * sizeof(int), owned);
        var validity = Validity(column, out var nulls, owned);
        var source = column.Values;
        var days = MemoryMarshal.Cast<byte, int>(values.Memory.Span);
        for (var i = 0; i < length; i++)
        {
            // Date32 counts days since 1970-01-01; DateOnly.DayNumber counts from 0001-01-01.
            days[i] = column.IsNull(i) ? 0 : DateGeneralization.Truncate(DateOnly.FromDayNumber(source[i] + UnixEpochDay), to).DayNumber - UnixEpochDay;
        }

        return new Date32Array(new ArrowBuffer(values.Memory), validity, length, nulls, 0);
    }

    private static Date32Array ShiftDates(Date32Array column, IArrowArray subject, MaskingRule rule, DateShifter shifter, List<IDisposable> owned)
    {
        var length = column.Length;
        var values = NativeBuffer.Allocate(length * sizeof(int), owned);
        var validity = Validity(column, out var nulls, owned);
        var source = column.Values;
        var days = MemoryMarshal.Cast<byte, int>(values.Memory.Span);
        Span<byte> key = stackalloc byte[32];
        for (var i = 0; i < length; i++)
        {
            days[i] = column.IsNull(i) ? 0 : source[i] + shifter.ShiftDaysUtf8(SubjectBytes(subject, i, key), rule.MaxDays);
        }

        return new Date32Array(new ArrowBuffer(values.Memory), validity, length, nulls, 0);
    }

    private static StringArray ShiftDateText(StringArray column, IArrowArray subject, MaskingRule rule, DateShifter shifter, List<IDisposable> owned)
    {
        using var builder = new Utf8ColumnBuilder(column.Length, column.Length * 10, owned);
        Span<char> text = stackalloc char[32];
        Span<byte> key = stackalloc byte[32];
        for (var i = 0; i < column.Length; i++)
        {
            var value = column.GetBytes(i, out var isNull);
            if (isNull || value.Length > text.Length || !DateText.TryParse(text[..Encoding.UTF8.GetChars(value, text)], out var date))
            {
                builder.AppendNull();
                continue;
            }

            var shifted = date.AddDays(shifter.ShiftDaysUtf8(SubjectBytes(subject, i, key), rule.MaxDays));
            shifted.TryFormat(builder.Reserve(10), out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            builder.Commit(written);
        }

        return builder.Build();
    }

    // The subject's identity as UTF-8: the text of a string column, the decimal digits of an integer column.
    private static ReadOnlySpan<byte> SubjectBytes(IArrowArray subject, int i, Span<byte> scratch)
    {
        switch (subject)
        {
            case StringArray text:
                return text.GetBytes(i);
            case Int64Array longs when longs.GetValue(i) is { } l && l.TryFormat(scratch, out var n, default, CultureInfo.InvariantCulture):
                return scratch[..n];
            case Int32Array ints when ints.GetValue(i) is { } v && v.TryFormat(scratch, out var m, default, CultureInfo.InvariantCulture):
                return scratch[..m];
            default:
                return subject.IsNull(i) ? [] : throw new MaskingPlanException($"a date shift's subject must be a text or integer column, not {subject.Data.DataType.Name}");
        }
    }

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private static ArrowBuffer Validity(IArrowArray column, out int nulls, List<IDisposable> owned)
    {
        nulls = column.NullCount;
        if (nulls == 0)
        {
            return ArrowBuffer.Empty;
        }

        // Copied bit by bit: the source may start at a non-zero bit offset, and it is freed with its batch.
        var bitmap = NativeBuffer.Allocate((column.Length + 7) / 8, owned);
        var bits = bitmap.Memory.Span;
        bits.Clear();
        for (var i = 0; i < column.Length; i++)
        {
            if (!column.IsNull(i))
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return new ArrowBuffer(bitmap.Memory);
    }

    private static bool IsNumber(IArrowType type) => type.TypeId is ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32
        or ArrowTypeId.Int64 or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64
        or ArrowTypeId.Float or ArrowTypeId.Double or ArrowTypeId.Decimal128;

    private static double NumberAt(IArrowArray column, int i) => column switch
    {
        Int8Array a => a.Values[i],
        Int16Array a => a.Values[i],
        Int32Array a => a.Values[i],
        Int64Array a => a.Values[i],
        UInt8Array a => a.Values[i],
        UInt16Array a => a.Values[i],
        UInt32Array a => a.Values[i],
        UInt64Array a => a.Values[i],
        FloatArray a => a.Values[i],
        DoubleArray a => a.Values[i],
        Decimal128Array a => (double)(a.GetValue(i) ?? 0),
        _ => throw new MaskingPlanException($"{column.Data.DataType.Name} is not a number"),
    };

    private static string Describe(MaskingRule rule) =>
        rule.Technique == Technique.Generalize ? $"generalization to {rule.Generalization}" : rule.Technique.ToString();
}
