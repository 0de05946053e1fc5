using DuckDB.NET.Data;

namespace Sandbox.Runner.Sql;

/// <summary>
/// What a job's failure may say about a DuckDB error. An error raised while the query runs can quote the values it
/// stumbled on (<c>Could not convert string '177****9547'</c>, or anything at all through <c>error(column)</c>), and
/// the reason of a failed job is shown to the operator: it would carry row-level values — even of columns whose rule
/// lets them be compared or joined but never seen — past the column rules and the export gate. Errors raised before
/// any data is read (parsing, binding, the catalog, permissions, limits) say only what the query itself says, and are
/// shown whole; the others are named by their kind only.
/// </summary>
public static class QueryErrors
{
    // The kinds DuckDB names at the start of a message ("Binder Error: …") for errors raised before any data is read,
    // or that never quote data. A value raised through error() arrives as "Invalid Input Error: …", whatever it says.
    private static readonly HashSet<string> BeforeData = new(StringComparer.OrdinalIgnoreCase)
    {
        "Parser", "Syntax", "Binder", "Catalog", "Permission", "Not implemented", "Missing Extension", "Out of Memory", "Interrupt",
    };

    /// <summary>The error as a job's reason may show it: its first line, or only its kind when it could quote data.</summary>
    public static string Describe(DuckDBException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var end = message.IndexOf(" Error:", StringComparison.Ordinal);
        var kind = end > 0 ? message[..end] : exception.ErrorType.ToString();
        if (end > 0 && BeforeData.Contains(kind)) return FirstLine(message);
        return $"{kind} Error while the query ran (DuckDB's message can quote data values, so it is not shown: " +
            "check the conversions, casts and functions the query applies to its columns)";
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n');
        return end < 0 ? message : message[..end];
    }
}
