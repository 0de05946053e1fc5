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
    public static string Token(int subject = 1)
    {
        using var tokenizer = new KeyedTokenizer(Key, "grant-test");
        return tokenizer.Tokenize($"synthetic subject {subject}");
    }

    // A fixed key, so the tokens (and whether a cut of one holds digits) are the same on every run.
    private static readonly byte[] Key = [.. Enumerable.Range(1, KeyedTokenizer.MasterKeyLength).Select(i => (byte)i)];

    /// <summary>A token cut from <see cref="Token"/> as <c>substr(token, 4)</c> would: its body, without the prefix.</summary>
    public static string TokenBody(int subject = 1) => Token(subject)[3..];

    /// <summary>A token reversed, as SQL <c>reverse()</c> leaves it.</summary>
    public static string ReversedToken(int subject = 1) => new([.. Token(subject).Reverse()]);

    /// <summary>Masked personal names as our masking writes them (the surname kept): 张*, 欧阳*, 李**.</summary>
    public static string MaskedName(int i)
    {
        string[] surnames = ["王", "李", "张", "刘", "陈", "欧阳", "司马", "周"];
        return surnames[i % surnames.Length] + new string('*', 1 + (i / surnames.Length % 2));
    }

    /// <summary>A mobile number masked keep-first-3-last-4: 139****6493.</summary>
    public static string MaskedMobile(int i) => $"1{3 + (i % 6)}{i % 10}****{(i * 7919) % 10000:D4}";
}
