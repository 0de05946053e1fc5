namespace Sandbox.Masking.Techniques;

/// <summary>The technique a column gets when the grant names none.</summary>
public static class MaskingDefaults
{
    /// <summary>Level ≤ 2: keep; mobile/landline: keep first 3 last 4; other level 3: keep first 1 last 1 …; level 4: tokenize.</summary>
    public static MaskingRule For(string? entity, int level) => throw new NotImplementedException();
}

/// <summary>A technique and its parameters.</summary>
public sealed record MaskingRule(Technique Technique, int First = 0, int Last = 0, char MaskChar = '*');
