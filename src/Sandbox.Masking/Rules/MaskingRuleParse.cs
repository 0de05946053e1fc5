namespace Sandbox.Masking.Rules;

/// <summary>The outcome of parsing a masking-rule document: the document, or every error found.</summary>
/// <param name="Document">The document; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every error, each "file:line: field: message".</param>
public sealed record MaskingRuleParse(MaskingRuleDocument? Document, IReadOnlyList<string> Errors);
