namespace Sandbox.Documents;

/// <summary>One problem found in a policy document, located by file, line and field.</summary>
/// <param name="File">The document's path as the caller named it.</param>
/// <param name="Line">The 1-based line of the offending node.</param>
/// <param name="Field">The dotted path of the offending field, e.g. <c>period.to</c>.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record PolicyError(string File, int Line, string Field, string Message)
{
    /// <summary>The 1-based column, when the problem is a place in the text rather than a field (a syntax error).</summary>
    public int? Column { get; init; }

    /// <summary>Formats the error as <c>file:line: field: message</c> (<c>file:line:column: …</c> with a column), the one-line form the CLI prints.</summary>
    public override string ToString() => Column is { } column ? $"{File}:{Line}:{column}: {Field}: {Message}" : $"{File}:{Line}: {Field}: {Message}";
}
