using System.Buffers;
using System.Net;

namespace Sandbox.Masking.Detection;

/// <summary>
/// IP addresses in strict textual form: dotted-quad IPv4 without leading zeros, or IPv6 (hex groups and
/// colons, optionally an embedded IPv4 tail), without ports, brackets, prefixes or zone ids.
/// </summary>
/// <remarks>
/// IPv4 is parsed by hand because <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>
/// accepts forms like "1", "1.2" or octal "010.1.1.1" that are numbers in data, not addresses.
/// </remarks>
internal sealed class IpAddressDetector : IDetector
{
    private static readonly SearchValues<char> IPv6Chars =
        SearchValues.Create("0123456789abcdefABCDEF:.");

    public string Entity => Entities.IpAddress;

    public int DefaultLevel => 3;

    public bool Matches(ReadOnlySpan<char> value) =>
        value.Contains(':') ? IsIPv6(value) : IsIPv4(value);

    internal static bool IsIPv4(ReadOnlySpan<char> value)
    {
        if (value.Length is < 7 or > 15)
        {
            return false;
        }

        var octets = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var number = 0;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                number = (number * 10) + (value[i] - '0');
                i++;
            }

            var length = i - start;
            if (length is < 1 or > 3 || number > 255 || (length > 1 && value[start] == '0'))
            {
                return false;
            }

            octets++;
            if (i == value.Length)
            {
                return octets == 4;
            }

            if (value[i] != '.' || octets == 4)
            {
                return false;
            }

            i++;
        }
    }

    private static bool IsIPv6(ReadOnlySpan<char> value)
    {
        if (value.Length is < 2 or > 45 || value.ContainsAnyExcept(IPv6Chars))
        {
            return false;
        }

        // IsValid validates without allocating an IPAddress; the character filter above already
        // excluded zone ids, brackets and prefixes, which it would otherwise accept.
        return IPAddress.IsValid(value);
    }
}
