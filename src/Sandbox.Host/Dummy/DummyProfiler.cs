using System.Globalization;
using DuckDB.NET.Data;
using Sandbox.Host.Datasets;
using Sandbox.Host.Staging;
using Sandbox.Masking.Techniques;

namespace Sandbox.Host.Dummy;

/// <summary>
/// The profile of one granted table, computed by DuckDB inside the host over the grant's <b>masked</b> materialization
/// (exactly the granted columns, as a job sees them), keeping only aggregates that rest on at least
/// <c>threshold</c> subjects:
/// 1. the row count, rounded to two significant digits;
/// 2. per column, the NULL share rounded to 5 points (0 when fewer than the threshold's rows are NULL);
/// 3. for kept and generalized columns, the values at least the threshold's subjects hold, with rounded shares — used
///    only when they cover most rows (a column of mostly rare values is generated instead, and no value of it shows);
/// 4. otherwise, for numbers and dates, coarse quantiles whose tails hold at least the threshold's rows (never a minimum
///    or maximum, which are single rows), rounded to two significant digits (dates: to the first of their month);
/// 5. masked and tokenized columns get nothing but their format: their values are generated, never copied.
/// </summary>
internal static class DummyProfiler
{
    /// <summary>Passing categories must cover at least this share of the non-NULL rows for a column to be drawn from them.</summary>
    private const double CategoryCoverage = 0.5;

    /// <summary>More passing categories than this: the column is not categorical (an identifier-like column that repeats).</summary>
    private const int MaxCategories = 1000;

    public sealed record TableProfile(string Name, long Rows, string? Subject, IReadOnlyList<ColumnProfile> Columns);

    public static TableProfile Profile(string parquet, WorkspaceStager.TablePlan table, int threshold)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        using var duck = WorkspaceStager.OpenRawReader();
        var source = $"read_parquet({Sql.Literal(parquet)})";
        var types = Types(duck, source);
        var rows = Convert.ToInt64(Sql.Scalar(duck, $"SELECT count(*) FROM {source}"), CultureInfo.InvariantCulture);
        // Subjects are told apart by the subject column, masked or tokenized (stable within the grant); a redacted one
        // tells nothing, and then rows are counted (an upper bound of subjects: the export gate makes the same choice).
        var subject = SubjectOf(table);
        var counted = subject is null ? "count(*)" : $"count(DISTINCT {Sql.Identifier(subject)})";

        var columns = new List<ColumnProfile>();
        foreach (var plan in table.Columns)
        {
            var type = types.GetValueOrDefault(plan.Column, "VARCHAR");
            var entity = table.Dataset.Columns.FirstOrDefault(c => c.Name == plan.Column)?.Entity;
            var isSubject = string.Equals(plan.Column, subject, StringComparison.OrdinalIgnoreCase);
            var column = Sql.Identifier(plan.Column);
            var nonNull = Convert.ToInt64(Sql.Scalar(duck, $"SELECT count({column}) FROM {source}"), CultureInfo.InvariantCulture);
            var nulls = rows - nonNull;
            var nullShare = nulls >= threshold && rows > 0 ? Math.Round((double)nulls / rows * 20, MidpointRounding.AwayFromZero) / 20 : 0;
            var profile = new ColumnProfile(plan.Column, type, entity, plan.Rule, ColumnProfile.KindNull, nullShare, [], [], isSubject);

            // Too few values to say anything about them without resting on fewer than the threshold's subjects.
            if (nonNull < 2L * threshold || plan.Rule.Technique == Technique.Redact)
            {
                columns.Add(profile with { NullShare = 1 });
                continue;
            }
            profile = plan.Rule.Technique switch
            {
                Technique.Tokenize => profile with { Kind = ColumnProfile.KindToken },
                Technique.KeepFirstLast => profile with { Kind = ColumnProfile.KindMasked },
                _ when isSubject => profile with { Kind = Generated(profile) },
                _ => profile,
            };
            if (profile.Kind == ColumnProfile.KindNull && plan.Rule.Technique is Technique.Keep or Technique.Generalize
                && Categories(duck, source, column, counted, threshold, nonNull) is { } categories)
            {
                profile = profile with { Kind = ColumnProfile.KindCategories, Categories = categories };
            }
            if (profile.Kind == ColumnProfile.KindNull)
            {
                profile = profile with { Kind = Generated(profile) };
            }
            if (profile.Kind == ColumnProfile.KindNull) profile = profile with { NullShare = 1 };
            if (profile.Kind == ColumnProfile.KindRange)
            {
                var quantiles = Quantiles(duck, source, column, profile.IsTemporal, threshold, nonNull);
                profile = quantiles.Count == 0 ? profile with { Kind = ColumnProfile.KindNull, NullShare = 1 } : profile with { Quantiles = quantiles };
            }
            columns.Add(profile);
        }
        return new TableProfile(table.Dataset.Name, rows, subject, columns);
    }

    /// <summary>The dummy table's row count: the real one rounded to two significant digits (the threshold when smaller).</summary>
    public static long RoundedRows(long rows, int threshold) => rows < threshold ? threshold : (long)RoundSignificant(rows, 2);

    /// <summary><paramref name="value"/> rounded to <paramref name="digits"/> significant digits.</summary>
    public static double RoundSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value)) return 0;
        var scale = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - digits + 1);
        return Math.Round(value / scale, MidpointRounding.AwayFromZero) * scale;
    }

    // Numbers and dates from their range, text invented; any other type (a list, a blob, a time of day …) stays NULL.
    private static string Generated(ColumnProfile profile) =>
        profile.IsNumeric || profile.IsTemporal ? ColumnProfile.KindRange
        : profile.Type == "VARCHAR" ? ColumnProfile.KindText
        : ColumnProfile.KindNull;

    // The subject column as granted, unless redacted.
    private static string? SubjectOf(WorkspaceStager.TablePlan table) =>
        table.Dataset.Subject is { } subject
        && table.Columns.FirstOrDefault(c => string.Equals(c.Column, subject, StringComparison.OrdinalIgnoreCase)) is { } plan
        && plan.Rule.Technique != Technique.Redact
            ? plan.Column
            : null;

    private static Dictionary<string, string> Types(DuckDBConnection duck, string source)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})";
        using var reader = command.ExecuteReader();
        while (reader.Read()) types[reader.GetString(0)] = reader.GetString(1);
        return types;
    }

    // Values held by at least `threshold` subjects, with their share of the rows those values cover (rounded); null when
    // they cover too little of the column for it to be drawn from them.
    private static List<(string, double)>? Categories(DuckDBConnection duck, string source, string column, string counted, int threshold, long nonNull)
    {
        var found = new List<(string Value, long Rows)>();
        using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT CAST({column} AS VARCHAR), count(*) FROM {source} WHERE {column} IS NOT NULL GROUP BY {column} "
                + $"HAVING {counted} >= {threshold.ToString(CultureInfo.InvariantCulture)} ORDER BY count(*) DESC, 1 LIMIT {MaxCategories + 1}";
            using var reader = command.ExecuteReader();
            while (reader.Read()) found.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }
        var covered = found.Sum(f => f.Rows);
        if (found.Count == 0 || found.Count > MaxCategories || covered < CategoryCoverage * nonNull) return null;
        // Shares of the passing values only: rarer values are folded into nothing, not into a bucket of their own.
        return [.. found.Select(f => (f.Value, Math.Max(RoundSignificant((double)f.Rows / covered, 2), 0.001)))];
    }

    // Coarse quantiles whose tails hold at least `threshold` rows, rounded; empty when the column has too few rows.
    private static List<(double, double)> Quantiles(DuckDBConnection duck, string source, string column, bool temporal, int threshold, long nonNull)
    {
        var tail = Math.Max(0.05, (double)threshold / nonNull);
        if (tail >= 0.25) return [];
        double[] ps = [tail, 0.25, 0.5, 0.75, 1 - tail];
        // Dates and timestamps are measured in days since 1970-01-01.
        var measure = temporal ? $"CAST(epoch(CAST({column} AS TIMESTAMP)) AS DOUBLE) / 86400" : $"CAST({column} AS DOUBLE)";
        var select = string.Join(", ", ps.Select(p => $"quantile_cont({measure}, {p.ToString("R", CultureInfo.InvariantCulture)})"));
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT {select} FROM {source} WHERE {column} IS NOT NULL";
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return [];
        var quantiles = new List<(double, double)>();
        for (var i = 0; i < ps.Length; i++)
        {
            var value = Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
            var rounded = temporal ? MonthStart(value) : RoundSignificant(value, 2);
            // Monotone after rounding: a later quantile is never below an earlier one.
            if (quantiles.Count > 0 && rounded < quantiles[^1].Item2) rounded = quantiles[^1].Item2;
            quantiles.Add((ps[i], rounded));
        }
        return quantiles;
    }

    // Days since 1970-01-01 of the first day of the month the day falls in.
    private static double MonthStart(double days)
    {
        var day = DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(Math.Floor(days)));
        return new DateOnly(day.Year, day.Month, 1).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    }
}
