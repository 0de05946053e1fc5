using Apache.Arrow;

namespace Sandbox.Masking.Engine;

/// <summary>
/// A masked record batch. Unmasked columns share their buffers with the source batch: dispose this first (it
/// frees the masked arrays' native buffers), then the source batch, which the caller owns.
/// </summary>
public sealed class MaskedBatch : IDisposable
{
    private readonly IReadOnlyList<IDisposable> _owned;
    private bool _disposed;

    internal MaskedBatch(RecordBatch batch, IReadOnlyList<IDisposable> owned)
    {
        Batch = batch;
        _owned = owned;
    }

    /// <summary>The masked batch; valid until this object is disposed.</summary>
    public RecordBatch Batch { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // The masked arrays wrap native buffers by Memory<byte>: freeing the buffers is what releases them.
        foreach (var buffer in _owned)
        {
            buffer.Dispose();
        }
    }
}
