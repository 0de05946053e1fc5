using System.Buffers;
using System.Text;
using NSec.Cryptography;

namespace Sandbox.Masking.Techniques;

/// <summary>
/// Per-subject date shift: every date of one subject moves by the same keyed number of days in
/// [−maxDays, maxDays] \ {0}, so intervals between a subject's events survive while the dates do not.
/// </summary>
public sealed class DateShifter : IDisposable
{
    private const string DerivationLabel = "sandbox/date-shift/v1/";
    private const int StackLimit = 256;

    private readonly Key _key;
    private bool _disposed;

    /// <summary>Derives the grant's date-shift key from the 32-byte master key.</summary>
    /// <exception cref="ArgumentException">The master key is not 32 bytes, or the grant id is empty.</exception>
    public DateShifter(ReadOnlySpan<byte> masterKey, string grantId) => _key = GrantKey.Derive(masterKey, DerivationLabel, grantId);

    /// <summary>The shift in days of <paramref name="subject"/> (never 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDays"/> is below 1.</exception>
    public int ShiftDays(ReadOnlySpan<char> subject, int maxDays)
    {
        var max = Encoding.UTF8.GetMaxByteCount(subject.Length);
        byte[]? rented = null;
        Span<byte> utf8 = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var written = Encoding.UTF8.GetBytes(subject, utf8);
            return ShiftDaysUtf8(utf8[..written], maxDays);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true); // held a subject identifier
            }
        }
    }

    /// <summary>The shift in days of a subject given as UTF-8 bytes; the same as <see cref="ShiftDays(ReadOnlySpan{char}, int)"/> of its text.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDays"/> is below 1.</exception>
    public int ShiftDaysUtf8(ReadOnlySpan<byte> subject, int maxDays)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        // 2 × maxDays outcomes: −maxDays … −1 and 1 … maxDays.
        var pick = (int)(GrantKey.Uniform(_key, subject) * 2 * maxDays);
        return pick < maxDays ? pick - maxDays : pick - maxDays + 1;
    }

    /// <summary><paramref name="date"/> moved by the shift of <paramref name="subject"/>.</summary>
    public DateOnly Shift(DateOnly date, ReadOnlySpan<char> subject, int maxDays) => date.AddDays(ShiftDays(subject, maxDays));

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _key.Dispose();
        }
    }
}
