namespace Sandbox.Export.Policy;

/// <summary>An export policy document is invalid; every problem is listed, each naming file, line and field.</summary>
public sealed class ExportPolicyException(IReadOnlyList<string> errors)
    : Exception(string.Join("\n", errors))
{
    /// <summary>Every problem, one line each: <c>file:line: field: message</c>.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
