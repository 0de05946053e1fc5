using Apache.Arrow;

namespace Sandbox.Masking.Engine;

/// <summary>
/// Builds a <see cref="StringArray"/> straight into native Arrow buffers (offsets, values, validity): values are
/// written in place through <see cref="Reserve"/>/<see cref="Commit"/>, so no per-value string or array exists.
/// </summary>
internal sealed class Utf8ColumnBuilder : IDisposable
{
    private readonly int _length;
    private readonly List<IDisposable> _owned;
    private NativeBuffer? _offsets;
    private NativeBuffer? _validity;
    private NativeBuffer? _values;
    private int _count;
    private int _valueLength;
    private int _nulls;

    /// <summary>A builder of <paramref name="length"/> values whose native buffers are recorded in <paramref name="owned"/>.</summary>
    public Utf8ColumnBuilder(int length, int valueCapacity, List<IDisposable> owned)
    {
        _length = length;
        _owned = owned;
        _offsets = NativeBuffer.Allocate((length + 1) * sizeof(int), owned);
        _validity = NativeBuffer.Allocate((length + 7) / 8, owned);
        _values = NativeBuffer.Allocate(Math.Max(valueCapacity, 64), owned);
        _validity.Memory.Span.Clear(); // native memory comes dirty: all null until set
        Offsets[0] = 0;
    }

    private Span<int> Offsets => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(_offsets!.Memory.Span);

    /// <summary>Room for <paramref name="bytes"/> more value bytes, at the end of the values written so far.</summary>
    public Span<byte> Reserve(int bytes)
    {
        var values = _values!;
        if (_valueLength + bytes > values.Memory.Length)
        {
            // Rare: only generalizations that can grow a value get here; double so growth is amortized.
            var grown = NativeBuffer.Allocate(Math.Max(values.Memory.Length * 2, _valueLength + bytes), _owned);
            values.Memory.Span[.._valueLength].CopyTo(grown.Memory.Span);
            _owned.Remove(values);
            ((IDisposable)values).Dispose();
            _values = values = grown;
        }

        return values.Memory.Span.Slice(_valueLength, bytes);
    }

    /// <summary>Ends the current value after <paramref name="written"/> bytes of the last <see cref="Reserve"/>.</summary>
    public void Commit(int written)
    {
        _valueLength += written;
        var validity = _validity!.Memory.Span;
        validity[_count >> 3] |= (byte)(1 << (_count & 7)); // LSB bit order, as Arrow's validity bitmaps are
        Offsets[++_count] = _valueLength;
    }

    /// <summary>Appends a value.</summary>
    public void Append(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Reserve(value.Length));
        Commit(value.Length);
    }

    /// <summary>Appends a null.</summary>
    public void AppendNull()
    {
        _nulls++;
        Offsets[++_count] = _valueLength;
    }

    /// <summary>The array; the builder gives up its buffers to it.</summary>
    public StringArray Build()
    {
        if (_count != _length)
        {
            throw new InvalidOperationException($"{_count} of {_length} values were appended.");
        }

        var array = new StringArray(
            _length,
            new ArrowBuffer(_offsets!.Memory),
            new ArrowBuffer(_values!.Memory),
            _nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(_validity!.Memory),
            _nulls);
        _offsets = _values = _validity = null;
        return array;
    }

    /// <summary>Nothing to free here: the buffers belong to the owner list, freed with the batch.</summary>
    public void Dispose()
    {
        _offsets = _values = _validity = null;
    }
}
