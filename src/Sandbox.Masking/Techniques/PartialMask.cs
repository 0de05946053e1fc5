namespace Sandbox.Masking.Techniques;

/// <summary>Keep-first-n-last-m masking; a value shorter than n+m is masked whole, never returned as is.</summary>
public static class PartialMask
{
    /// <summary>Writes the masked form of <paramref name="source"/> into <paramref name="destination"/> (same length).</summary>
    public static void KeepFirstLast(ReadOnlySpan<char> source, Span<char> destination, int first, int last, char mask = '*') => throw new NotImplementedException();

    /// <summary>The masked form of <paramref name="value"/>.</summary>
    public static string KeepFirstLast(string value, int first, int last, char mask = '*') => throw new NotImplementedException();
}
