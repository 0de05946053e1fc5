namespace Sandbox.Documents;

/// <summary>A policy document (grant, principals, job file) is invalid; carries every error found, not just the first.</summary>
public sealed class PolicyDocumentException : Exception
{
    /// <summary>Creates the exception from the collected errors (at least one).</summary>
    public PolicyDocumentException(IReadOnlyList<PolicyError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>All errors found in the document, ordered by line.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    private static string Describe(IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        // Every problem, one line each, so fixing the file takes one round.
        return string.Join('\n', errors);
    }
}
