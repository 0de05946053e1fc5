namespace Sandbox.Host.Dummy;

/// <summary>The names a dummy workspace accepts for its tables.</summary>
internal static class DummyNames
{
    public static bool IsSafe(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]);
}
