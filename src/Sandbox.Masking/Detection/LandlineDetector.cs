namespace Sandbox.Masking.Detection;

/// <summary>
/// Fixed-line numbers: trunk prefix 0, a 2-digit (10, 20–29) or 3-digit (3xx–9xx) area code, an optional
/// hyphen or space, and a 7–8 digit subscriber number starting 2–9 (010-12345678, 0571 8765432).
/// </summary>
internal sealed class LandlineDetector : IDetector
{
    public string Entity => Entities.Landline;

    public int DefaultLevel => 3;

    public bool Matches(ReadOnlySpan<char> value)
    {
        if (value.Length < 10 || value[0] != '0')
        {
            return false;
        }

        // 010 and 02x are the 2-digit area codes; every 3-digit code starts with 3–9.
        var areaEnd = value[1] switch
        {
            '1' when value[2] == '0' => 3,
            '2' => 3,
            >= '3' and <= '9' => 4,
            _ => -1,
        };
        if (areaEnd < 0 || !ChineseRegions.AreDigits(value[..areaEnd]))
        {
            return false;
        }

        var subscriber = value[areaEnd..];
        if (subscriber[0] is '-' or ' ')
        {
            subscriber = subscriber[1..];
        }

        return subscriber.Length is 7 or 8
            && subscriber[0] is >= '2' and <= '9'
            && ChineseRegions.AreDigits(subscriber);
    }
}
