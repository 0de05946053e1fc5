using System.Text;

namespace Sandbox.Masking.Engine;

/// <summary>
/// Keep-first-n-last-m over UTF-8 bytes with exactly the result of <see cref="Techniques.PartialMask"/> on the
/// decoded string: n and m count UTF-16 units, each hidden unit becomes one mask char, and a code point cut by a
/// boundary is hidden, never half kept.
/// </summary>
internal static class Utf8PartialMask
{
    /// <summary>Writes the masked value into <paramref name="destination"/> (at least as long as the source); returns the bytes written.</summary>
    public static int Apply(ReadOnlySpan<byte> source, Span<byte> destination, int first, int last, byte mask)
    {
        // ASCII (identifiers, phone numbers): one byte per UTF-16 unit, so the positions are byte positions.
        if (Ascii.IsValid(source))
        {
            var length = source.Length;
            if (length <= 64 && Techniques.IdentifierMask.TryApply(source, destination, first, last, mask))
            {
                return length;
            }

            if (length <= first + last)
            {
                destination[..length].Fill(mask);
                return length;
            }

            source[..first].CopyTo(destination);
            destination[first..(length - last)].Fill(mask);
            source[(length - last)..].CopyTo(destination[(length - last)..]);
            return length;
        }

        return ApplyUnicode(source, destination, first, last, mask);
    }

    private static int ApplyUnicode(ReadOnlySpan<byte> source, Span<byte> destination, int first, int last, byte mask)
    {
        // 1. UTF-16 length, as string.Length would be.
        var units = 0;
        for (var rest = source; !rest.IsEmpty;)
        {
            Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            units += rune.Utf16SequenceLength;
            rest = rest[consumed..];
        }

        if (units <= first + last)
        {
            destination[..units].Fill(mask);
            return units;
        }

        // 2. Whole code points that fit into the first n units, and into the last m units.
        int firstBytes = 0, firstUnits = 0;
        while (firstBytes < source.Length)
        {
            Rune.DecodeFromUtf8(source[firstBytes..], out var rune, out var consumed);
            if (firstUnits + rune.Utf16SequenceLength > first)
            {
                break;
            }

            firstUnits += rune.Utf16SequenceLength;
            firstBytes += consumed;
        }

        int lastBytes = 0, lastUnits = 0;
        while (lastBytes < source.Length - firstBytes)
        {
            Rune.DecodeLastFromUtf8(source[..(source.Length - lastBytes)], out var rune, out var consumed);
            if (lastUnits + rune.Utf16SequenceLength > last)
            {
                break;
            }

            lastUnits += rune.Utf16SequenceLength;
            lastBytes += consumed;
        }

        // 3. Kept head, one mask byte per hidden unit, kept tail.
        var hidden = units - firstUnits - lastUnits;
        source[..firstBytes].CopyTo(destination);
        destination.Slice(firstBytes, hidden).Fill(mask);
        source[^lastBytes..].CopyTo(destination[(firstBytes + hidden)..]);
        return firstBytes + hidden + lastBytes;
    }
}
