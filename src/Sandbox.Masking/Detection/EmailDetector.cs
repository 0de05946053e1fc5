using System.Buffers;

namespace Sandbox.Masking.Detection;

/// <summary>
/// E-mail addresses in the common ASCII form: a dot-atom local part of letters, digits and <c>._%+-</c>,
/// '@', and a domain of at least two labels whose last label is 2+ letters (a TLD).
/// </summary>
internal sealed class EmailDetector : IDetector
{
    private static readonly SearchValues<char> AsciiLetters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public string Entity => Entities.Email;

    public int DefaultLevel => 3;

    public bool Matches(ReadOnlySpan<char> value)
    {
        if (value.Length is < 6 or > 254)
        {
            return false;
        }

        var at = value.IndexOf('@');
        if (at is < 1 or > 64)
        {
            return false;
        }

        return IsLocalPart(value[..at]) && IsDomain(value[(at + 1)..]);
    }

    private static bool IsLocalPart(ReadOnlySpan<char> local)
    {
        if (local[0] == '.' || local[^1] == '.')
        {
            return false;
        }

        var previous = '\0';
        foreach (var c in local)
        {
            var allowed = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
            if (!allowed || (c == '.' && previous == '.'))
            {
                return false;
            }

            previous = c;
        }

        return true;
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        var lastLabelAllLetters = false;
        while (true)
        {
            var dot = domain.IndexOf('.');
            var label = dot < 0 ? domain : domain[..dot];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            labels++;
            if (dot < 0)
            {
                lastLabelAllLetters = label.Length >= 2 && !label.ContainsAnyExcept(AsciiLetters);
                break;
            }

            domain = domain[(dot + 1)..];
        }

        return labels >= 2 && lastLabelAllLetters;
    }
}
