namespace Sandbox.Masking.Detection;

/// <summary>The detectors of this build, strongest identifiers first.</summary>
public static class Detectors
{
    // Arrays, so the hot loops below index them instead of boxing an enumerator per value;
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
        new PassportDetector(),
        new LicensePlateDetector(),
        new AddressDetector(),
    ];

    private static readonly IDetector[] ContextualOrdered =
    [
        new PersonNameDetector(),
        new DateOfBirthDetector(),
    ];

    /// <summary>Every detector whose match alone identifies a value, in the order a value is tried.</summary>
    /// <remarks>
    /// Check-digit identifiers come first because they are the least likely to match by accident. Person names
    /// and birth dates are not here: a 2–4 character name looks like a brand, any date like a birth date, so
    /// they are in <see cref="Contextual"/> and name a column only with supporting evidence.
    /// </remarks>
    public static IReadOnlyList<IDetector> All { get; } = Array.AsReadOnly(Ordered);

    /// <summary>Detectors whose match is evidence only in a column's context (header hint, high rate): person_name, date_of_birth.</summary>
    public static IReadOnlyList<IDetector> Contextual { get; } = Array.AsReadOnly(ContextualOrdered);

    /// <summary>The first detector of <see cref="All"/> that matches <paramref name="value"/>, or null.</summary>
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

    /// <summary>
    /// The first personal-data detector (level 3+) of <see cref="All"/> that matches a value somewhere inside free text
    /// (联系电话13912345678，…), or null: see <see cref="PersonalDataScanner"/>.
    /// </summary>
    public static IDetector? FindIn(ReadOnlySpan<char> text) => PersonalDataScanner.Find(text);

    /// <summary>The detector of <paramref name="entity"/> (of <see cref="All"/> or <see cref="Contextual"/>), or null when this build has none for it.</summary>
    public static IDetector? For(string entity)
    {
        foreach (var detector in Ordered)
        {
            if (detector.Entity == entity)
            {
                return detector;
            }
        }

        foreach (var detector in ContextualOrdered)
        {
            if (detector.Entity == entity)
            {
                return detector;
            }
        }

        return null;
    }
}
