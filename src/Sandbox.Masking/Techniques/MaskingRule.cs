namespace Sandbox.Masking.Techniques;

/// <summary>A technique and its parameters.</summary>
public sealed record MaskingRule(Technique Technique, int First = 0, int Last = 0, char MaskChar = '*');
