namespace Sandbox.Masking.Detection;

/// <summary>
/// Mainland vehicle plates (GA 36): a province abbreviation, the issuing authority's letter, an optional
/// separator (· or space), then an ordinary 5-symbol sequence (at most two letters; or 4 symbols and a
/// 学/警/挂/领/试 suffix), or a new-energy 6-symbol sequence (small: D/F-class letter first; large: letter last).
/// </summary>
internal sealed class LicensePlateDetector : IDetector
{
    private const string Provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    private const string Suffixes = "学警挂领试港澳";

    // New-energy class letters since 2022: pure electric D A B C E, other new energy F G H J K.
    private const string EnergyLetters = "DABCEFGHJK";

    public string Entity => Entities.LicensePlate;

    public int DefaultLevel => 3;

    public bool Matches(ReadOnlySpan<char> value)
    {
        if (value.Length < 7 || !Provinces.Contains(value[0]) || !IsPlateLetter(value[1]))
        {
            return false;
        }

        var body = value[2..];
        if (body[0] is '·' or '・' or '•' or '．' or '.' or ' ' or '-')
        {
            body = body[1..];
        }

        return body.Length switch
        {
            5 => IsOrdinary(body),
            6 => IsSmallNewEnergy(body) || IsLargeNewEnergy(body),
            _ => false,
        };
    }

    private static bool IsOrdinary(ReadOnlySpan<char> body)
    {
        var last = body[4];
        var sequence = Suffixes.Contains(last) ? body[..4] : body;
        var letters = 0;
        foreach (var c in sequence)
        {
            if (IsPlateLetter(c))
            {
                letters++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        // An all-letter or mostly-letter run is a word or a code, not a plate sequence.
        return letters <= 2;
    }

    private static bool IsSmallNewEnergy(ReadOnlySpan<char> body) =>
        EnergyLetters.Contains(body[0])
        && (IsPlateLetter(body[1]) || char.IsAsciiDigit(body[1]))
        && ChineseRegions.AreDigits(body[2..]);

    private static bool IsLargeNewEnergy(ReadOnlySpan<char> body) =>
        ChineseRegions.AreDigits(body[..5]) && EnergyLetters.Contains(body[5]);

    // Upper-case ASCII letters without I and O, which plates never use (they read as 1 and 0).
    private static bool IsPlateLetter(char c) => char.IsAsciiLetterUpper(c) && c is not ('I' or 'O');
}
