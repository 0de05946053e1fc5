namespace Sandbox.Export.Checks;

/// <summary>The "pii" rule: no header or cell holds a value the Masking detectors recognize.</summary>
internal static class PiiRule
{
    public const string Name = "pii";

    public static CheckResult Check(OutputTable table, CellNames names)
    {
        var cells = new List<string>();
        var listed = new List<string>();
        for (int column = 0; column < table.Columns.Count; column++)
        {
            if (PiiScan.EntityIn(table.Columns[column]) is { } entity)
            {
                Flag(CellNames.Header(column), entity);
            }
        }

        for (int row = 0; row < table.Rows.Count; row++)
        {
            var values = table.Rows[row];
            for (int column = 0; column < values.Length; column++)
            {
                if (PiiScan.EntityIn(values[column]) is { } entity)
                {
                    Flag(names.Cell(row, column), entity);
                }
            }
        }

        if (cells.Count == 0)
        {
            return new CheckResult(Name, CheckStatus.Pass,
                $"no personal data found in the header or the {DetailText.Figure(table.Rows.Count)} rows", []);
        }

        return new CheckResult(Name, CheckStatus.Fail,
            $"{DetailText.Cells(cells.Count, "holds", "hold")} personal data: {DetailText.List(listed)}", cells);

        // The detail names the entity, never the value.
        void Flag(string cell, string entity)
        {
            cells.Add(cell);
            listed.Add($"{cell} ({entity})");
        }
    }
}
