namespace Sandbox.Export.Checks;

/// <summary>The "token-leak" rule: no keyed token leaves the domain, since a token stands for one subject.</summary>
internal static class TokenLeakRule
{
    public const string Name = "token-leak";

    public static CheckResult Check(OutputTable table, CellNames names)
    {
        var cells = new List<string>();
        for (int column = 0; column < table.Columns.Count; column++)
        {
            if (TokenScan.Contains(table.Columns[column]))
            {
                cells.Add(CellNames.Header(column));
            }
        }

        for (int row = 0; row < table.Rows.Count; row++)
        {
            var values = table.Rows[row];
            for (int column = 0; column < values.Length; column++)
            {
                if (TokenScan.Contains(values[column]))
                {
                    cells.Add(names.Cell(row, column));
                }
            }
        }

        if (cells.Count == 0)
        {
            return new CheckResult(Name, CheckStatus.Pass, "no keyed token found", []);
        }

        return new CheckResult(Name, CheckStatus.Fail,
            $"{DetailText.Cells(cells.Count, "holds", "hold")} keyed tokens, which identify single subjects: {DetailText.List(cells)}",
            cells);
    }
}
