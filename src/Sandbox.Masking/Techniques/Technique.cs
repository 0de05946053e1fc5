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
    /// <summary>Coarsened: a date to its year or month, an age to a band, an address to its district, a number to a bucket.</summary>
    Generalize,
    /// <summary>A number multiplied by a keyed pseudo-random factor in [1 − scale, 1 + scale], the same for the same value within a grant.</summary>
    Noise,
    /// <summary>A date moved by a keyed number of days that is the same for every date of one subject.</summary>
    DateShift,
}
