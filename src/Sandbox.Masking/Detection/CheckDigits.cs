namespace Sandbox.Masking.Detection;

/// <summary>The check characters of Chinese identifiers, shared by detectors and synthetic-data generators.</summary>
public static class CheckDigits
{
    /// <summary>GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits of a resident ID: '0'–'9' or 'X'.</summary>
    public static char ResidentId(ReadOnlySpan<char> first17) => throw new NotImplementedException();

    /// <summary>GB 32100 check character of the first 17 characters of a unified social credit code.</summary>
    public static char Uscc(ReadOnlySpan<char> first17) => throw new NotImplementedException();

    /// <summary>Luhn check digit for the digits of <paramref name="payload"/>.</summary>
    public static char Luhn(ReadOnlySpan<char> payload) => throw new NotImplementedException();
}
