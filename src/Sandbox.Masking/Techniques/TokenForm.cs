using System.Buffers;

namespace Sandbox.Masking.Techniques;

/// <summary>
/// The form a value is tokenized in, so equal identifiers get equal tokens however they were written: surrounding
/// spaces trimmed; identifiers without separators, upper case, without a +86/0086 prefix (…612x = …612X,
/// <c>+86 138-0013-8000</c> = <c>13800138000</c>); e-mail addresses in lower case.
/// </summary>
internal static class TokenForm
{
    /// <summary>Values up to this many bytes are normalized; longer ones are free text and only hashed as written.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<byte> Normal = SearchValues.Create("0123456789X"u8);
    private static readonly SearchValues<byte> Identifier = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz +-()"u8);

    /// <summary>
    /// Writes the normal form of UTF-8 <paramref name="value"/> into <paramref name="destination"/> (at least as long)
    /// and returns its length, or -1 when the value is already in normal form (the common case: plain digits).
    /// </summary>
    public static int Normalize(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        if (value.Length > MaxLength || (!value.ContainsAnyExcept(Normal) && !HasCountryPrefix(value)))
        {
            return -1;
        }

        var trimmed = value.Trim(" \t\r\n"u8);
        var length = 0;
        if (!trimmed.ContainsAnyExcept(Identifier))
        {
            foreach (var b in trimmed)
            {
                if (b is not ((byte)' ' or (byte)'-' or (byte)'(' or (byte)')'))
                {
                    destination[length++] = b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;
                }
            }

            var body = destination[..length];
            var prefix = body.StartsWith("+86"u8) ? 3 : body.StartsWith("0086"u8) ? 4 : IsMobileWith86(body) ? 2 : 0;
            if (prefix > 0 && length - prefix >= 7)
            {
                body[prefix..].CopyTo(destination);
                length -= prefix;
            }
        }
        else
        {
            var email = trimmed.Contains((byte)'@');
            foreach (var b in trimmed)
            {
                destination[length++] = email && b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
            }
        }

        return length == value.Length && destination[..length].SequenceEqual(value) ? -1 : length;
    }

    private static bool HasCountryPrefix(ReadOnlySpan<byte> value) => value.StartsWith("0086"u8) || IsMobileWith86(value);

    // 86 + an 11-digit mobile number (1[3-9]…): 13 digits in all.
    private static bool IsMobileWith86(ReadOnlySpan<byte> value) =>
        value.Length == 13 && value.StartsWith("861"u8) && value[3] is >= (byte)'3' and <= (byte)'9';
}
