using System.Globalization;
using Sandbox.Host.Store;

namespace Sandbox.Host.Reports;

/// <summary>A job's usage in one line of text, for <c>job show</c>.</summary>
internal static class UsageText
{
    public static string Of(JobUsage u) => string.Create(CultureInfo.InvariantCulture,
        $"wall {u.WallMilliseconds / 1000.0:0.###}s, cpu {Seconds(u.CpuMilliseconds)}, peak memory {Bytes(u.PeakMemoryBytes)}, read {Bytes(u.ReadBytes)}, written {Bytes(u.WrittenBytes)} ({u.Attribution})");

    private static string Seconds(long? ms) => ms is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v / 1000.0:0.###}s") : "not attributable";

    public static string Bytes(long? bytes) => bytes is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v} bytes") : "not attributable";
}
