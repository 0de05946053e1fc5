namespace Sandbox.Masking.Detection;

/// <summary>
/// Passports and permits of the People's Republic: e-passport E + 8 digits or E + letter + 7 digits, older
/// passport G + 8 digits, official/service/diplomatic P/S/D + 7 digits, Hong Kong–Macau permit C + 8 digits or
/// C + letter + 7 digits, Taiwan permit L + 8 digits, home-return permit H/M + 8 or 10 digits.
/// </summary>
/// <remarks>Shape only (these numbers carry no check digit), so a column needs most of its values to match.</remarks>
internal sealed class PassportDetector : IDetector
{
    public string Entity => Entities.Passport;

    public int DefaultLevel => 4;

    public bool Matches(ReadOnlySpan<char> value)
    {
        if (value.Length is < 8 or > 11)
        {
            return false;
        }

        var rest = value[1..];
        return value[0] switch
        {
            'E' or 'C' => EightDigits(rest) || LetterAndSevenDigits(rest),
            'G' or 'L' => EightDigits(rest),
            // Diplomatic, service and public-affairs passports: D/S/P + 7 digits, or their e-passports DE/SE/PE + 7 digits.
            'P' or 'S' or 'D' => (rest.Length == 7 && ChineseRegions.AreDigits(rest)) || (rest.Length == 8 && rest[0] == 'E' && ChineseRegions.AreDigits(rest[1..])),
            'H' or 'M' => rest.Length is 8 or 10 && ChineseRegions.AreDigits(rest),
            _ => false,
        };
    }

    private static bool EightDigits(ReadOnlySpan<char> rest) => rest.Length == 8 && ChineseRegions.AreDigits(rest);

    // The serial letter skips I and O like every other Chinese document series.
    private static bool LetterAndSevenDigits(ReadOnlySpan<char> rest) =>
        rest.Length == 8 && char.IsAsciiLetterUpper(rest[0]) && rest[0] is not ('I' or 'O') && ChineseRegions.AreDigits(rest[1..]);
}
