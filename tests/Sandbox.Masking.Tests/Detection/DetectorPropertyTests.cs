using FsCheck.Xunit;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

/// <summary>Properties over generated identifiers: every valid one matches, every single-char corruption does not.</summary>
public sealed class DetectorPropertyTests
{
    private const string ResidentIdChars = "0123456789X";

    private readonly ResidentIdDetector _residentId = new();
    private readonly UsccDetector _uscc = new();
    private readonly MobileDetector _mobile = new();
    private readonly BankCardDetector _bankCard = new();

    [Property(MaxTest = 300)]
    public bool ResidentId_Generated_Matches(int seed) => _residentId.Matches(new Synthetic(seed).ResidentId());

    [Property(MaxTest = 300)]
    public bool ResidentId_GeneratedLowerCaseX_Matches(int seed) =>
        _residentId.Matches(new Synthetic(seed).ResidentId().ToLowerInvariant());

    [Property(MaxTest = 300)]
    public bool ResidentId_GeneratedLegacy_Matches(int seed) => _residentId.Matches(new Synthetic(seed).LegacyResidentId());

    [Property(MaxTest = 100)]
    public void ResidentId_AnySingleCharChanged_NeverMatches(int seed)
    {
        // MOD 11-2 detects every single substitution, whatever the region or date that results.
        var id = new Synthetic(seed).ResidentId();
        foreach (var corrupted in SingleSubstitutions(id, ResidentIdChars))
        {
            Assert.False(_residentId.Matches(corrupted), $"{corrupted} (from {id}) matched");
        }
    }

    [Property(MaxTest = 300)]
    public bool Uscc_Generated_Matches(int seed) => _uscc.Matches(new Synthetic(seed).Uscc());

    [Property(MaxTest = 100)]
    public void Uscc_AnySingleCharChanged_NeverMatches(int seed)
    {
        var code = new Synthetic(seed).Uscc();
        foreach (var corrupted in SingleSubstitutions(code, CheckDigits.UsccAlphabet))
        {
            Assert.False(_uscc.Matches(corrupted), $"{corrupted} (from {code}) matched");
        }
    }

    [Property(MaxTest = 300)]
    public void Mobile_GeneratedInEveryFormat_Matches(int seed)
    {
        var m = new Synthetic(seed).Mobile();
        string[] forms =
        [
            m, "+86" + m, "0086" + m, "86" + m, "+86 " + m,
            $"{m[..3]} {m[3..7]} {m[7..]}", $"+86-{m[..3]}-{m[3..7]}-{m[7..]}",
        ];
        Assert.All(forms, form => Assert.True(_mobile.Matches(form), form));
    }

    [Property(MaxTest = 300)]
    public bool Mobile_GeneratedWithExtraDigit_NeverMatches(int seed, byte digit) =>
        !_mobile.Matches(new Synthetic(seed).Mobile() + (char)('0' + (digit % 10)));

    [Property(MaxTest = 300)]
    public bool BankCard_Generated_Matches(int seed) => _bankCard.Matches(new Synthetic(seed).BankCard(13 + (Math.Abs(seed % 7))));

    [Property(MaxTest = 100)]
    public void BankCard_AnySingleDigitChanged_NeverMatches(int seed)
    {
        // Luhn detects every single-digit substitution.
        var card = new Synthetic(seed).BankCard();
        foreach (var corrupted in SingleSubstitutions(card, "0123456789"))
        {
            Assert.False(_bankCard.Matches(corrupted), $"{corrupted} (from {card}) matched");
        }
    }

    private static IEnumerable<string> SingleSubstitutions(string value, string alphabet)
    {
        for (var i = 0; i < value.Length; i++)
        {
            foreach (var c in alphabet)
            {
                if (c != char.ToUpperInvariant(value[i]))
                {
                    var chars = value.ToCharArray();
                    chars[i] = c;
                    yield return new string(chars);
                }
            }
        }
    }
}
