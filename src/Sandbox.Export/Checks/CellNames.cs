namespace Sandbox.Export.Checks;

/// <summary>
/// Names cells and columns for findings. A header that itself holds personal data or a token is named by
/// its position instead, so that no finding repeats a sensitive value.
/// </summary>
internal sealed class CellNames
{
    private readonly string[] _labels;

    public CellNames(OutputTable table)
    {
        _labels = new string[table.Columns.Count];
        for (int i = 0; i < _labels.Length; i++)
        {
            string header = table.Columns[i];
            bool sensitive = PiiScan.EntityIn(header) is not null || TokenScan.Contains(header);
            _labels[i] = sensitive || string.IsNullOrWhiteSpace(header) ? Position(i) : header;
        }
    }

    public string Column(int ordinal) => $"column {_labels[ordinal]}";

    /// <summary>The column's label alone: its header, or its position when the header is sensitive.</summary>
    public string Label(int ordinal) => _labels[ordinal];

    /// <summary>"row 3, column enterprises": rows count data rows from 1, the header not included.</summary>
    public string Cell(int rowIndex, int ordinal) => $"row {rowIndex + 1}, column {_labels[ordinal]}";

    public static string Header(int ordinal) => $"header of column {Position(ordinal)}";

    private static string Position(int ordinal) => $"#{ordinal + 1}";
}
