using System.Globalization;
using DuckDB.NET.Data;

namespace Sandbox.Policy.Tests.Visibility;

/// <summary>
/// An in-memory DuckDB holding the tables of <see cref="PeopleGrant"/>: 20 pairs of twins, alike in all a query may see
/// and differing in name and income. A <see cref="PeopleVariant"/> changes only protected values, in a way the column
/// rules must not let a query notice.
/// </summary>
public sealed class PeopleDatabase : IDisposable
{
    public const int People = 40;

    private readonly DuckDBConnection connection = new("DataSource=:memory:");

    public PeopleDatabase()
        : this(PeopleVariant.Original)
    {
    }

    internal PeopleDatabase(PeopleVariant variant)
    {
        connection.Open();

        // One thread: the order of an unordered result is then the same for the same plain data.
        Execute("SET threads = 1");

        // Twins 2k and 2k+1 are the same subject in everything a query may see: street, district, gender, the subject id
        // they join on (one household each pair) and their age, whose comparisons with constants the rules let a query
        // see row by row. They differ in name (forbidden) and income (aggregate-only), which the twins variant swaps.
        var twin = variant == PeopleVariant.TwinsSwapped ? "xor(i, 1)" : "i";

        // The renamed variant maps every subject id to another one (7k mod 20 is a bijection), the same way in both tables.
        var id = variant == PeopleVariant.IdsRenamed ? "'RID' || (900000 + (k * 7) % 20)::VARCHAR" : "'RID' || (731000 + k)::VARCHAR";
        Execute($"""
            CREATE TABLE people AS
            SELECT {id} AS resident_id,
                   'NAME' || (5100 + {twin})::VARCHAR AS name,
                   'street ' || (k % 5)::VARCHAR AS street,
                   'district ' || (k % 3)::VARCHAR AS district,
                   CASE WHEN k % 2 = 0 THEN 'F' ELSE 'M' END AS gender,
                   (20 + (k * 7) % 60)::INTEGER AS age,
                   (1::BIGINT << ({twin} + 10)) AS income
            FROM (SELECT i, i // 2 AS k FROM range(40) t(i))
            ORDER BY i
            """);
        Execute($"""
            CREATE TABLE households AS
            SELECT {id} AS resident_id, 'H' || (k % 7)::VARCHAR AS household, (1 + k % 4)::INTEGER AS size
            FROM (SELECT i AS k FROM range(20) t(i))
            ORDER BY k
            """);
    }

    /// <summary>Runs <paramref name="sql"/> and returns every output cell as text (null as empty).</summary>
    public List<string[]> Run(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[i] = reader.IsDBNull(i) ? string.Empty : Text(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    public void Dispose() => connection.Dispose();

    private static string Text(object value) => value switch
    {
        System.Collections.IEnumerable list and not string => "[" + string.Join(",", list.Cast<object?>().Select(v => v is null ? "null" : Text(v))) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
