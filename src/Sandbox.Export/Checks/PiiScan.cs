using System.Globalization;
using Sandbox.Masking.Detection;

namespace Sandbox.Export.Checks;

/// <summary>Finds personal data anywhere in a cell (through <see cref="PersonalDataScanner"/>), except in plain measures.</summary>
internal static class PiiScan
{
    /// <summary>The entity of the first sensitive value found in <paramref name="value"/>, or null.</summary>
    public static string? EntityIn(string? value)
    {
        var text = value.AsSpan().Trim();
        if (text.IsEmpty || IsPlainNumber(text))
        {
            return null;
        }

        return PersonalDataScanner.Find(text)?.Entity;
    }

    /// <summary>
    /// Numbers with a fraction or of at most six digits are measures, not identifiers; long integers are
    /// scanned, because identifiers (IDs, mobiles, cards) are exactly long digit strings.
    /// </summary>
    private static bool IsPlainNumber(ReadOnlySpan<char> text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        int digits = 0;
        foreach (char c in text)
        {
            if (c is '.' or 'e' or 'E')
            {
                return true;
            }

            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        return digits <= 6;
    }

    /// <summary>The level from which a value is personal data the gate must stop.</summary>
    internal const int PersonalLevel = PersonalDataScanner.PersonalLevel;
}
