using System.Text;
using Sandbox.Masking.Detection;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Scans job logs before an operator reads them: every token in which a detector finds personal data
/// (resident ID, mobile, bank card, e-mail, …) is replaced by <c>[redacted:ENTITY]</c>.
/// </summary>
internal static class LogRedactor
{
    /// <summary>The line with detected values replaced; the count of replacements.</summary>
    public static (string Line, int Redacted) Redact(string line)
    {
        var output = new StringBuilder(line.Length);
        var redacted = 0;
        var span = line.AsSpan();
        while (!span.IsEmpty)
        {
            var end = NextSeparator(span);
            var token = end < 0 ? span : span[..end];
            if (!token.IsEmpty && (Detectors.FirstMatch(token) ?? PersonalDataScanner.Find(token)) is { } detector)
            {
                output.Append("[redacted:").Append(detector.Entity).Append(']');
                redacted++;
            }
            else
            {
                output.Append(token);
            }
            if (end < 0) break;
            output.Append(span[end]);
            span = span[(end + 1)..];
        }
        return (output.ToString(), redacted);
    }

    // Tokens end where the scanner's tokens end, so a log shows what the export gate would stop.
    private static int NextSeparator(ReadOnlySpan<char> span)
    {
        for (var i = 0; i < span.Length; i++)
        {
            if (PersonalDataScanner.IsSeparator(span[i])) return i;
        }
        return -1;
    }
}
