namespace Sandbox.Policy.Queries;

/// <summary>A SQL text is not exactly one SELECT statement that DuckDB can parse; the message says why.</summary>
public sealed class SqlParseException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public SqlParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the underlying failure.</summary>
    public SqlParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 0-based offset in the SQL text where DuckDB's parser stopped, when it says.</summary>
    public int? Position { get; init; }
}
