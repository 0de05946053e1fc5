namespace Sandbox.Masking.Techniques;

/// <summary>
/// Deterministic keyed tokens: HMAC-SHA256 (NSec) under a key derived from the master key for one grant,
/// so tokens join within a grant and differ across grants. Tokens have a recognizable format.
/// </summary>
public sealed class KeyedTokenizer : IDisposable
{
    /// <summary>Derives the grant's key from the 32-byte master key.</summary>
    public KeyedTokenizer(ReadOnlySpan<byte> masterKey, string grantId) => throw new NotImplementedException();

    /// <summary>The token of <paramref name="value"/>.</summary>
    public string Tokenize(ReadOnlySpan<char> value) => throw new NotImplementedException();

    /// <summary>True when <paramref name="value"/> has the token format of this deployment.</summary>
    public static bool LooksLikeToken(ReadOnlySpan<char> value) => throw new NotImplementedException();

    /// <summary>A new random 32-byte master key.</summary>
    public static byte[] NewMasterKey() => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose() { }
}
