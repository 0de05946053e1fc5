using System.Buffers;
using System.Runtime.InteropServices;

namespace Sandbox.Masking.Engine;

/// <summary>
/// A 64-byte aligned block of native memory exposed as <see cref="Memory{T}"/>, so an <see cref="Apache.Arrow.ArrowBuffer"/>
/// can wrap it without a managed array; freed when its <see cref="MaskedBatch"/> is disposed.
/// </summary>
internal sealed unsafe class NativeBuffer : MemoryManager<byte>
{
    private byte* _pointer;
    private readonly int _length;

    private NativeBuffer(int length)
    {
        _length = length;
        // Aligned as Arrow recommends for SIMD-friendly buffers; at least 1 byte so the pointer is never null.
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(length, 1), 64);
    }

    /// <summary>A buffer of <paramref name="length"/> bytes (not cleared), recorded in <paramref name="owned"/> for disposal.</summary>
    public static NativeBuffer Allocate(int length, List<IDisposable> owned)
    {
        var buffer = new NativeBuffer(length);
        owned.Add(buffer);
        return buffer;
    }

    // The span is valid while the buffer is not disposed; its owner (a MaskedBatch) outlives every reader.
    public override Span<byte> GetSpan() => new(_pointer, _length);

    // Native memory never moves, so pinning is a no-op that hands out the pointer.
    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_pointer is not null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}
