using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sandbox.Export.Checks;

/// <summary>
/// The "dof" rule: a model or regression summary with fewer than 10 residual degrees of freedom nearly restates its
/// data → fail. Recognized: a CSV or JSON field named like <c>df_resid</c> / <c>residual_df</c> / <c>dof</c>, and the
/// summaries of statsmodels (<c>Df Residuals: 5</c>) and R (<c>on 5 degrees of freedom</c>) in text.
/// </summary>
internal static partial class DofRule
{
    public const string Name = "dof";

    private static readonly HashSet<string> FieldNames = new(StringComparer.Ordinal)
    {
        "dfresid", "dfresidual", "dfresiduals", "residualdf", "residualdof", "dof", "degreesoffreedom",
        "residualdegreesoffreedom", "dferror", "errordf",
    };

    public static CheckResult Check(CheckContext context)
    {
        var found = new List<(string Where, double Value)>();
        for (int ordinal = 0; ordinal < context.Table.Columns.Count; ordinal++)
        {
            if (!FieldNames.Contains(Normalize(context.Table.Columns[ordinal])))
            {
                continue;
            }

            for (int row = 0; row < context.Table.Rows.Count; row++)
            {
                if (double.TryParse(context.Table.Rows[row][ordinal], NumberStyles.Float, CultureInfo.InvariantCulture, out double dof))
                {
                    found.Add((context.Names.Cell(row, ordinal), dof));
                }
            }
        }

        return Decide(found, context.Options);
    }

    /// <summary>The rule over a text or JSON file.</summary>
    public static CheckResult CheckText(string text, bool json, CheckOptions options)
    {
        var found = new List<(string Where, double Value)>();
        foreach (Match match in SummaryPattern().Matches(text))
        {
            int line = 1 + text.AsSpan(0, match.Index).Count('\n');
            found.Add(($"line {line}", double.Parse(match.Groups["dof"].Value, CultureInfo.InvariantCulture)));
        }

        if (json)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                Walk(document.RootElement, "$", found);
            }
            catch (JsonException)
            {
                // A broken JSON file is still scanned as text above; the reviewer sees the file rule's review.
            }
        }

        return Decide(found, options);
    }

    private static void Walk(JsonElement element, string path, List<(string, double)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string at = $"{path}.{property.Name}";
                    if (FieldNames.Contains(Normalize(property.Name)) && property.Value.ValueKind == JsonValueKind.Number)
                    {
                        found.Add((at, property.Value.GetDouble()));
                    }
                    else
                    {
                        Walk(property.Value, at, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", found);
                }

                break;
        }
    }

    private static CheckResult Decide(List<(string Where, double Value)> found, CheckOptions options)
    {
        if (found.Count == 0)
        {
            return new CheckResult(Name, CheckStatus.Pass, "not a model summary: no residual degrees of freedom found", []);
        }

        var low = found.Where(f => f.Value < options.MinResidualDof).Select(f => f.Where).ToList();
        return low.Count == 0
            ? new CheckResult(Name, CheckStatus.Pass, $"every residual degrees of freedom is at least {options.MinResidualDof}", [])
            : new CheckResult(Name, CheckStatus.Fail,
                $"a model with fewer than {options.MinResidualDof} residual degrees of freedom nearly restates its data: {DetailText.List(low)}", low);
    }

    private static string Normalize(string name) => new([.. name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);

    [GeneratedRegex(@"(?:Df Residuals:\s*(?<dof>\d+))|(?:on (?<dof>\d+) degrees of freedom)", RegexOptions.IgnoreCase)]
    private static partial Regex SummaryPattern();
}
