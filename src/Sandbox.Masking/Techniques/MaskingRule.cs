namespace Sandbox.Masking.Techniques;

/// <summary>A technique and its parameters.</summary>
/// <param name="Technique">How the column is hidden.</param>
/// <param name="First">Chars kept at the start (<see cref="Technique.KeepFirstLast"/>).</param>
/// <param name="Last">Chars kept at the end (<see cref="Technique.KeepFirstLast"/>).</param>
/// <param name="MaskChar">The char written over hidden chars.</param>
public sealed record MaskingRule(Technique Technique, int First = 0, int Last = 0, char MaskChar = '*')
{
    /// <summary>What a <see cref="Technique.Generalize"/> rule coarsens to.</summary>
    public Generalization Generalization { get; init; }

    /// <summary>Band or bucket width (<see cref="Generalization.AgeBand"/>, <see cref="Generalization.Bucket"/>); 0: no bucketing, top/bottom coding only.</summary>
    public double Width { get; init; }

    /// <summary>Bottom coding: smaller values become this value.</summary>
    public double? Bottom { get; init; }

    /// <summary>Top coding: larger values become this value.</summary>
    public double? Top { get; init; }

    /// <summary>Relative noise amplitude of <see cref="Technique.Noise"/> (0.05: ±5%).</summary>
    public double Scale { get; init; }

    /// <summary>Largest shift in days of <see cref="Technique.DateShift"/>.</summary>
    public int MaxDays { get; init; }

    /// <summary>The column naming the data subject whose dates shift together (<see cref="Technique.DateShift"/>).</summary>
    public string? Subject { get; init; }
}
