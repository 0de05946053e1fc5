using Sandbox.Host.Datasets;
using Sandbox.Masking.Engine;
using Sandbox.Masking.Techniques;

namespace Sandbox.Host.Staging;

/// <summary>How a column leaves DuckDB for the masking engine: the select expression and the engine's plan.</summary>
internal static class MaskedSelect
{
    /// <summary>
    /// Text for the string techniques, the typed value for dates and numbers, and no value at all for
    /// redaction (a NULL under the column's name, so no raw value is even read).
    /// </summary>
    public static string Expression(string name, string type, MaskingRule rule)
    {
        var column = Sql.Identifier(name);
        return rule.Technique switch
        {
            Technique.Keep => column,
            Technique.Redact => $"CAST(NULL AS VARCHAR) AS {column}",
            Technique.Generalize when rule.Generalization is Generalization.Year or Generalization.Month
                => type.StartsWith("TIMESTAMP", StringComparison.OrdinalIgnoreCase) || type.Equals("DATE", StringComparison.OrdinalIgnoreCase)
                    ? $"CAST({column} AS DATE) AS {column}"
                    : $"CAST({column} AS VARCHAR) AS {column}",
            Technique.Generalize when rule.Generalization is Generalization.AgeBand or Generalization.Bucket => column,
            Technique.Noise => column,
            Technique.DateShift => type.Equals("DATE", StringComparison.OrdinalIgnoreCase) ? column : $"CAST({column} AS VARCHAR) AS {column}",
            _ => $"CAST({column} AS VARCHAR) AS {column}",
        };
    }

    /// <summary>The engine's plan: redaction already happened in <see cref="Expression"/>, so the engine keeps that NULL column.</summary>
    public static ColumnPlan Plan(string name, MaskingRule rule) =>
        new(name, rule.Technique == Technique.Redact ? new MaskingRule(Technique.Keep) : rule);
}
