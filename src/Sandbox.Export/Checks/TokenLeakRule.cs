namespace Sandbox.Export.Checks;

/// <summary>
/// The "token-leak" rule: no keyed token leaves the domain, since a token stands for one subject — neither whole,
/// nor upper-cased, reversed, cut, split over two columns or glued to other text.
/// </summary>
internal static class TokenLeakRule
{
    public const string Name = "token-leak";

    public static CheckResult Check(OutputTable table, CellNames names)
    {
        var cells = new List<string>();
        var findings = new List<CellFinding>();
        for (int column = 0; column < table.Columns.Count; column++)
        {
            if (TokenScan.Contains(table.Columns[column]))
            {
                cells.Add(CellNames.Header(column));
                findings.Add(new CellFinding(null, names.Label(column), Name));
            }
        }

        // A column most of whose values are bare base32 runs holds the bodies of cut tokens (substr, a split).
        var fragments = new bool[table.Columns.Count];
        for (int column = 0; column < table.Columns.Count; column++)
        {
            int filled = table.Rows.Count(r => !string.IsNullOrWhiteSpace(r[column]));
            fragments[column] = filled > 0 && table.Rows.Count(r => TokenScan.IsBodyFragment(r[column])) * 2 > filled;
        }

        for (int row = 0; row < table.Rows.Count; row++)
        {
            var values = table.Rows[row];
            for (int column = 0; column < values.Length; column++)
            {
                if (TokenScan.Contains(values[column]) || (fragments[column] && TokenScan.IsBodyFragment(values[column])))
                {
                    cells.Add(names.Cell(row, column));
                    findings.Add(new CellFinding(row + 1, names.Label(column), Name, 1));
                }
            }
        }

        if (cells.Count == 0)
        {
            return new CheckResult(Name, CheckStatus.Pass, "no keyed token found", []);
        }

        return new CheckResult(Name, CheckStatus.Fail,
            $"{DetailText.Cells(cells.Count, "holds", "hold")} keyed tokens, whole or cut, which identify single subjects: {DetailText.List(cells)}",
            cells)
        { Findings = findings };
    }
}
