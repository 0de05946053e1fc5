using System.Globalization;

namespace Sandbox.Export.Checks;

/// <summary>The "zeros" rule: a zero aggregate can disclose (no one in the group has the trait) → review.</summary>
internal static class ZerosRule
{
    public const string Name = "zeros";

    public static CheckResult Check(CheckContext context)
    {
        var cells = new List<string>();
        for (int row = 0; row < context.Table.Rows.Count; row++)
        {
            var values = context.Table.Rows[row];
            for (int ordinal = 0; ordinal < values.Length; ordinal++)
            {
                if (context.IsAggregate(ordinal)
                    && double.TryParse(values[ordinal], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value == 0)
                {
                    cells.Add(context.Names.Cell(row, ordinal));
                }
            }
        }

        return cells.Count == 0
            ? new CheckResult(Name, CheckStatus.Pass, "no zero cells", [])
            : new CheckResult(Name, CheckStatus.Review,
                $"{DetailText.Cells(cells.Count, "is", "are")} zero, which may disclose that no subject has a trait: {DetailText.List(cells)}", cells);
    }
}
