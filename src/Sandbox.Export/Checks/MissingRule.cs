namespace Sandbox.Export.Checks;

/// <summary>
/// The "missing" rule: an empty cell that a total in the same output gives back by subtraction is no suppression at
/// all → fail; any other empty cell may be a suppression undone elsewhere, or a hidden small group → review.
/// </summary>
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

        if (cells.Count == 0)
        {
            return new CheckResult(Name, CheckStatus.Pass, "no missing values", []);
        }

        var recoverable = TotalLines.Recoverable(context.Table, TotalLines.Of(context.Table));
        if (recoverable.Count > 0)
        {
            var named = recoverable.Select(c => context.Names.Cell(c.Row, c.Column)).ToList();
            return new CheckResult(Name, CheckStatus.Fail,
                $"{DetailText.Cells(named.Count, "is", "are")} empty but can be recomputed from a total in the same output (secondary suppression is missing): {DetailText.List(named)}",
                named)
            { Findings = [.. recoverable.Select(c => new CellFinding(c.Row + 1, context.Names.Label(c.Column), Name))] };
        }

        return new CheckResult(Name, CheckStatus.Review,
            $"{DetailText.Cells(cells.Count, "is", "are")} empty; a reviewer must judge whether they can be recovered (from totals, for instance): {DetailText.List(cells)}", cells);
    }
}
