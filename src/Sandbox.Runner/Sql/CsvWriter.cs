using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Sandbox.Runner.Sql;

/// <summary>Writes a data reader as RFC 4180 CSV, stopping at a byte limit.</summary>
internal static class CsvWriter
{
    /// <summary>Writes every row; returns the row count, or throws <see cref="OutputLimitException"/> past the limit.</summary>
    public static long Write(DbDataReader reader, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var counting = new LimitedStream(destination, maxBytes);
        using var writer = new StreamWriter(counting, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (i > 0) writer.Write(',');
            WriteField(writer, reader.GetName(i));
        }
        writer.Write('\n');

        long rows = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0) writer.Write(',');
                if (!reader.IsDBNull(i)) WriteField(writer, Format(reader.GetValue(i)));
            }
            writer.Write('\n');
            rows++;
        }
        writer.Flush();
        return rows;
    }

    internal static string Format(object value) => value switch
    {
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteField(TextWriter writer, string value) => writer.Write(Field(value));

    /// <summary>One CSV field: as it is, or quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    internal static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
