namespace Sandbox.Masking.Tests.Labelled;

/// <summary>One generated column with its truth: the personal entity it carries (null for a decoy) and its share.</summary>
internal sealed record LabelledColumn(string File, string Header, string? Entity, int SharePercent, IReadOnlyList<string?> Values);
