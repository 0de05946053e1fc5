using DuckDB.NET.Data;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Masking.Detection;

namespace Sandbox.Host.Datasets;

/// <summary>
/// A provider file as the domain reads it: the reader expression and every column's type and classification.
/// A CSV column any detector or header hint could claim, or whose values look like identifiers (leading zeros,
/// 11+ digits), is read as VARCHAR from the file's own bytes; the type guess decides only for the others.
/// </summary>
internal sealed record ProviderFile(string Source, IReadOnlyList<DatasetColumn> Columns)
{
    /// <summary>Reads <paramref name="file"/>'s schema and classification; input errors name the file (and column).</summary>
    public static ProviderFile Open(DuckDBConnection duck, string file)
    {
        if (!File.Exists(file)) throw new InputException(new LocalMessage("import.file-not-found", ("file", file)));
        try
        {
            if (!Sql.IsCsv(file))
            {
                // Parquet carries its provider's types: nothing is guessed, so nothing is re-read.
                var parquet = Sql.ReaderFor(file);
                return new ProviderFile(parquet, ColumnProfiler.Profile(duck, parquet));
            }

            // 1. Every value as the file's text: the classifier judges what was written, never a rounded number.
            var text = Sql.ReaderFor(file, allText: true);
            var classified = ColumnProfiler.Profile(duck, text);

            // 2. What DuckDB's sniffer would make of each column.
            var guessed = Describe(duck, Sql.ReaderFor(file));

            // 3. Identifier candidates stay text; the others keep the guess, which must not lose a digit.
            var textColumns = new List<string>();
            var columns = new List<DatasetColumn>();
            foreach (var c in classified)
            {
                var type = guessed.GetValueOrDefault(c.Name, "VARCHAR");
                if (type != "VARCHAR" && CouldBeIdentifier(duck, text, c))
                {
                    type = "VARCHAR";
                }
                else if (type != "VARCHAR")
                {
                    RefuseLossyCast(duck, file, text, c.Name, type);
                }
                if (type == "VARCHAR") textColumns.Add(c.Name);
                columns.Add(c with { Type = type });
            }
            return new ProviderFile(Sql.ReaderFor(file, textColumns: textColumns), columns);
        }
        catch (DuckDBException ex)
        {
            throw new InputException($"{file}: {DuckDbErrors.OneLine(ex.Message)}");
        }
    }

    private static Dictionary<string, string> Describe(DuckDBConnection duck, string source)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = duck.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {source}";
        using var r = command.ExecuteReader();
        while (r.Read()) types[r.GetString(0)] = r.GetString(1);
        return types;
    }

    // A classified or header-hinted column, or one with a value of leading zeros or 11+ digits anywhere in the file
    // (not just the sample): a number type would drop its zeros, round its digits or change its meaning.
    private static bool CouldBeIdentifier(DuckDBConnection duck, string text, DatasetColumn column)
    {
        if (column.Entity is not null || ColumnClassifier.HeaderHint(column.Name) is not null) return true;
        var value = $"trim({Sql.Identifier(column.Name)})";
        var shaped = Sql.Scalar(duck,
            $"SELECT count(*) FROM {text} WHERE regexp_matches({value}, '^[+-]?0[0-9]') OR regexp_matches({value}, '[0-9]{{11,}}') " +
            $"OR regexp_matches({value}, '^[0-9]+[xX]$')");
        return Convert.ToInt64(shaped) > 0;
    }

    // A DOUBLE keeps 15 significant digits: a value with more would be stored rounded, so the import is refused.
    private static void RefuseLossyCast(DuckDBConnection duck, string file, string text, string column, string type)
    {
        if (type is not ("DOUBLE" or "FLOAT")) return;
        var digits = $"ltrim(regexp_replace(trim({Sql.Identifier(column)}), '[^0-9]', '', 'g'), '0')";
        var lossy = Sql.Scalar(duck, $"SELECT count(*) FROM {text} WHERE length(rtrim({digits}, '0')) > 15");
        if (Convert.ToInt64(lossy) > 0)
        {
            throw new InputException(new LocalMessage("import.lossy", ("file", file), ("column", column), ("count", lossy), ("type", type)));
        }
    }
}
