using System.Globalization;
using System.Text.RegularExpressions;

namespace Sandbox.Policy.Jobs;

/// <summary>Parses the human-written quantities of a job file's <c>limits</c>: durations and sizes.</summary>
internal static partial class LimitSyntax
{
    // Upper bounds keep arithmetic far from overflow and catch typos like "60000h".
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);
    private const long MaxBytes = 1L << 50;

    /// <summary>Parses <c>500ms</c>, <c>60s</c>, <c>5m</c>, <c>2h</c> (a decimal number and a unit).</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var match = Duration().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var milliseconds = amount * match.Groups[2].Value switch
        {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            _ => 3_600_000,
        };
        if (milliseconds < 1 || milliseconds > MaxDuration.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>Parses a byte count: <c>1048576</c>, <c>64KB</c>, <c>64MB</c> (powers of 1000) or <c>64KiB</c>, <c>512MiB</c>, <c>1GiB</c> (powers of 1024).</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var match = Size().Match(text.Trim());
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        decimal unit = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1m,
            "KB" => 1e3m,
            "MB" => 1e6m,
            "GB" => 1e9m,
            "TB" => 1e12m,
            "KIB" => 1L << 10,
            "MIB" => 1L << 20,
            "GIB" => 1L << 30,
            _ => 1L << 40,
        };
        var total = decimal.Floor(amount * unit);
        if (total < 1 || total > MaxBytes)
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }

    [GeneratedRegex(@"^([0-9]{1,9}(?:\.[0-9]{1,6})?)\s*(ms|s|m|h)$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^([0-9]{1,16}(?:\.[0-9]{1,6})?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Size();
}
