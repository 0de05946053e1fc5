namespace Sandbox.Export.Checks;

/// <summary>The "missing" rule: an empty cell may be a suppression that can be undone, or a hidden small group → review.</summary>
internal static class MissingRule
{
    public const string Name = "missing";

    public static CheckResult Check(CheckContext context)
    {
        var cells = new List<string>();
        for (int row = 0; row < context.Table.Rows.Count; row++)
        {
            var values = context.Table.Rows[row];
            for (int ordinal = 0; ordinal < values.Length; ordinal++)
            {
                if (string.IsNullOrWhiteSpace(values[ordinal]))
                {
                    cells.Add(context.Names.Cell(row, ordinal));
                }
            }
        }

        return cells.Count == 0
            ? new CheckResult(Name, CheckStatus.Pass, "no missing values", [])
            : new CheckResult(Name, CheckStatus.Review,
                $"{DetailText.Cells(cells.Count, "is", "are")} empty; a reviewer must judge whether they can be recovered (from totals, for instance): {DetailText.List(cells)}", cells);
    }
}
