using Sandbox.Masking.Detection;
using Sandbox.Masking.Techniques;

namespace Sandbox.Export.Tests;

/// <summary>Synthetic personal data that is structurally valid (or deliberately not), never a real person's.</summary>
internal static class Synthetic
{
    // Dongcheng district of Beijing, born 1990-03-07, sequence 123.
    private const string First17 = "11010119900307123";

    /// <summary>A mobile number of the 139 range with eight digits from a fixed seed.</summary>
    public static string Mobile(int seed = 7)
    {
        var random = new Random(seed);
        return "139" + string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('0' + random.Next(10))));
    }

    /// <summary>A resident ID with a valid GB 11643 check character.</summary>
    public static string ResidentId() => First17 + CheckDigits.ResidentId(First17);

    /// <summary>An 18-digit resident-ID look-alike whose last digit is neither the GB 11643 nor the Luhn check digit.</summary>
    public static string ResidentIdLookAlike()
    {
        char valid = CheckDigits.ResidentId(First17);
        char luhn = CheckDigits.Luhn(First17);
        char wrong = "0123456789".First(c => c != valid && c != luhn);
        return First17 + wrong;
    }

    /// <summary>A keyed token as the masking engine produces it.</summary>
    public static string Token()
    {
        using var tokenizer = new KeyedTokenizer(KeyedTokenizer.NewMasterKey(), "grant-test");
        return tokenizer.Tokenize("synthetic subject 1");
    }
}
