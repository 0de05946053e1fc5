namespace Sandbox.Masking.Detection;

/// <summary>The detectors of this build, strongest identifiers first.</summary>
public static class Detectors
{
    /// <summary>Every detector, in the order a value is tried.</summary>
    public static IReadOnlyList<IDetector> All { get; } = [];

    /// <summary>The first detector that matches <paramref name="value"/>, or null.</summary>
    public static IDetector? FirstMatch(ReadOnlySpan<char> value) => throw new NotImplementedException();
}
