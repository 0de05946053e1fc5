using DuckDB.NET.Data;

namespace Sandbox.Runner.Sql;

/// <summary>
/// What a job's failure may say about a DuckDB error. Errors carry kinds only: an error raised while the query runs
/// can quote the values it stumbled on (<c>Could not convert string '177****9547'</c>, <c>Unknown TimeZone '61'</c>, or
/// anything at all through <c>error(column)</c>), whatever its kind — conversion, invalid input, not implemented, out of
/// range, out of memory … — and the reason of a failed job is shown to the operator and over the API: it would carry
/// row-level values, even of columns whose rule lets them be compared or joined but never seen, past the column rules
/// and the export gate. Only errors in the query text itself (parser, syntax, binder, catalog) are shown whole: they
/// are raised before any data is read and say only what the query says.
/// </summary>
public static class QueryErrors
{
    // The kinds DuckDB names at the start of a message ("Binder Error: …") for errors in the query text. An allow-list:
    // a kind not named here, including one a newer DuckDB adds, is reported by its kind only.
    private static readonly HashSet<string> InTheQueryText = new(StringComparer.OrdinalIgnoreCase)
    {
        "Parser", "Syntax", "Binder", "Catalog",
    };

    /// <summary>The error as a job's reason may show it: its first line for an error in the query text, else its kind only.</summary>
    public static string Describe(DuckDBException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var end = message.IndexOf(" Error:", StringComparison.Ordinal);
        var kind = end > 0 && end <= 40 ? message[..end] : exception.ErrorType.ToString();
        if (end > 0 && InTheQueryText.Contains(kind))
        {
            return FirstLine(message);
        }

        return $"{kind} Error while the query ran (DuckDB's message can quote data values, so it is not shown: " +
            "check the conversions, casts and functions the query applies to its columns)";
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n');
        return end < 0 ? message : message[..end];
    }
}
