namespace Sandbox.Masking.Detection;

/// <summary>The detectors of this build, strongest identifiers first.</summary>
public static class Detectors
{
    // An array, so the hot loops below index it instead of boxing an enumerator per value;
    // declared first because static initializers run in order.
    private static readonly IDetector[] Ordered =
    [
        new ResidentIdDetector(),
        new UsccDetector(),
        new BankCardDetector(),
        new MobileDetector(),
        new LandlineDetector(),
        new EmailDetector(),
        new IpAddressDetector(),
    ];

    /// <summary>Every detector, in the order a value is tried.</summary>
    /// <remarks>
    /// Check-digit identifiers come first because they are the least likely to match by accident;
    /// there is no value detector for person names: a 2–4 character name looks like a district or a
    /// brand, so names are recognized by <see cref="ColumnClassifier"/> only with a header hint.
    /// </remarks>
    public static IReadOnlyList<IDetector> All { get; } = Array.AsReadOnly(Ordered);

    /// <summary>The first detector that matches <paramref name="value"/>, or null.</summary>
    public static IDetector? FirstMatch(ReadOnlySpan<char> value)
    {
        foreach (var detector in Ordered)
        {
            if (detector.Matches(value))
            {
                return detector;
            }
        }

        return null;
    }

    /// <summary>The detector of <paramref name="entity"/>, or null when this build has none for it.</summary>
    public static IDetector? For(string entity)
    {
        foreach (var detector in Ordered)
        {
            if (detector.Entity == entity)
            {
                return detector;
            }
        }

        return null;
    }
}
