namespace Sandbox.Masking.Detection;

/// <summary>Recognizes one kind of sensitive value by its structure (check digits, not just shape).</summary>
public interface IDetector
{
    /// <summary>The entity name of the JSON contract, e.g. <c>cn_resident_id</c>.</summary>
    string Entity { get; }

    /// <summary>The classification level a column of this entity gets by default (1–4).</summary>
    int DefaultLevel { get; }

    /// <summary>True when <paramref name="value"/> is a structurally valid instance of the entity.</summary>
    bool Matches(ReadOnlySpan<char> value);
}
