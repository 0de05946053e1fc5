namespace Sandbox.Export.Checks;

/// <summary>A tabular output as the disclosure rules see it: a header and rows of text cells.</summary>
public sealed class OutputTable
{
    internal OutputTable(IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The column names of the header row.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The data rows, each with one cell per column. An empty unquoted field is null (a missing value);
    /// a quoted empty field (<c>""</c>) is the empty string.
    /// </summary>
    public IReadOnlyList<string?[]> Rows { get; }

    /// <summary>The label findings give column <paramref name="ordinal"/>: its header, or <c>#n</c> when the header itself is sensitive.</summary>
    public string Label(int ordinal)
    {
        _names ??= new CellNames(this);
        return _names.Label(ordinal);
    }

    private CellNames? _names;

    /// <summary>Reads a UTF-8 CSV file (RFC 4180: comma-separated, double-quoted fields, header row first).</summary>
    /// <exception cref="OutputFormatException">The file is not valid UTF-8 or not well-formed CSV; the message names the line.</exception>
    public static OutputTable ReadCsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new CsvReader(path, File.ReadAllBytes(path)).Read();
    }
}
