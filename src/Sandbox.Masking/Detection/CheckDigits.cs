namespace Sandbox.Masking.Detection;

/// <summary>The check characters of Chinese identifiers, shared by detectors and synthetic-data generators.</summary>
public static class CheckDigits
{
    /// <summary>The 31 symbols of a unified social credit code (GB 32100): digits and capitals without I, O, S, V, Z.</summary>
    public const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    // GB 11643: weight of position i is 2^(17-i) mod 11; the remainder of the sum indexes this map.
    private static ReadOnlySpan<byte> ResidentIdWeights => [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string ResidentIdCheckMap = "10X98765432";

    // GB 32100: weight of position i is 3^i mod 31.
    private static ReadOnlySpan<byte> UsccWeights => [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    // Value of each ASCII char in the USCC alphabet, -1 when not a symbol; a table keeps the detector branch-free.
    private static readonly sbyte[] UsccValues = BuildUsccValues();

    /// <summary>GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits of a resident ID: '0'–'9' or 'X'.</summary>
    /// <exception cref="ArgumentException"><paramref name="first17"/> is not exactly 17 ASCII digits.</exception>
    public static char ResidentId(ReadOnlySpan<char> first17) =>
        TryResidentId(first17, out var check)
            ? check
            : throw new ArgumentException("A resident ID check character needs exactly 17 digits.", nameof(first17));

    /// <summary>GB 32100 check character of the first 17 characters of a unified social credit code.</summary>
    /// <exception cref="ArgumentException"><paramref name="first17"/> is not exactly 17 symbols of <see cref="UsccAlphabet"/>.</exception>
    public static char Uscc(ReadOnlySpan<char> first17) =>
        TryUscc(first17, out var check)
            ? check
            : throw new ArgumentException($"A credit code check character needs exactly 17 symbols of {UsccAlphabet}.", nameof(first17));

    /// <summary>Luhn check digit for the digits of <paramref name="payload"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="payload"/> contains a character other than an ASCII digit.</exception>
    public static char Luhn(ReadOnlySpan<char> payload) =>
        TryLuhn(payload, out var check)
            ? check
            : throw new ArgumentException("A Luhn check digit needs ASCII digits only.", nameof(payload));

    internal static bool TryResidentId(ReadOnlySpan<char> first17, out char check)
    {
        check = default;
        if (first17.Length != 17)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = first17[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            sum += digit * ResidentIdWeights[i];
        }

        check = ResidentIdCheckMap[sum % 11];
        return true;
    }

    internal static bool TryUscc(ReadOnlySpan<char> first17, out char check)
    {
        check = default;
        if (first17.Length != 17)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = UsccValue(first17[i]);
            if (value < 0)
            {
                return false;
            }

            sum += value * UsccWeights[i];
        }

        // c = 31 - sum mod 31, where 31 itself wraps to the symbol '0'.
        check = UsccAlphabet[(31 - (sum % 31)) % 31];
        return true;
    }

    internal static bool TryLuhn(ReadOnlySpan<char> payload, out char check)
    {
        check = default;
        var sum = 0;
        var doubled = true; // the digit next to the (future) check digit is doubled
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var digit = payload[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            if (doubled)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubled = !doubled;
        }

        check = (char)('0' + ((10 - (sum % 10)) % 10));
        return true;
    }

    /// <summary>The value 0–30 of a USCC symbol, or -1.</summary>
    internal static int UsccValue(char c) => c < 128 ? UsccValues[c] : -1;

    private static sbyte[] BuildUsccValues()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < UsccAlphabet.Length; i++)
        {
            table[UsccAlphabet[i]] = (sbyte)i;
        }

        return table;
    }
}
