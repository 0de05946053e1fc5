namespace Sandbox.Masking.Techniques;

/// <summary>How a column's values are hidden in a workspace.</summary>
public enum Technique
{
    /// <summary>The value as is (level 1–2 only).</summary>
    Keep,
    /// <summary>Keep the first n and last m characters, mask the rest.</summary>
    KeepFirstLast,
    /// <summary>Keyed token (HMAC with a per-grant key): joins within a grant, never across.</summary>
    Tokenize,
    /// <summary>Replaced by NULL.</summary>
    Redact,
}
