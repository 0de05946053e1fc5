using DuckDB.NET.Data;

namespace Sandbox.Policy.Tests.Visibility;

/// <summary>
/// An in-memory DuckDB holding the tables of <see cref="PeopleGrant"/> with distinctive values, to run the queries the
/// column rules accept: every protected value is unique and recognisable in an output.
/// </summary>
public sealed class PeopleDatabase : IDisposable
{
    public const int People = 40;

    private readonly DuckDBConnection connection = new("DataSource=:memory:");

    public PeopleDatabase()
    {
        connection.Open();
        Execute("""
            CREATE TABLE people AS
            SELECT 'RID' || (731000 + i)::VARCHAR AS resident_id,
                   'NAME' || (5100 + i)::VARCHAR AS name,
                   'street ' || (i % 5)::VARCHAR AS street,
                   'district ' || (i % 3)::VARCHAR AS district,
                   CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS gender,
                   (17 + i * 2)::INTEGER AS age,
                   (483000 + i * 7919)::BIGINT AS income
            FROM range(40) t(i)
            """);
        Execute("""
            CREATE TABLE households AS
            SELECT 'RID' || (731000 + i)::VARCHAR AS resident_id, 'H' || (i % 7)::VARCHAR AS household, (1 + i % 4)::INTEGER AS size
            FROM range(40) t(i)
            """);
    }

    /// <summary>Every protected value as text: the subject's id, the name, the exact age and income of each person.</summary>
    public static IReadOnlyList<(string Column, string Value)> Protected { get; } =
    [
        .. Enumerable.Range(0, People).SelectMany(i => new[]
        {
            ("resident_id", $"RID{731000 + i}"),
            ("name", $"NAME{5100 + i}"),
            ("income", (483000 + (i * 7919)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }),
    ];

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
                row[i] = reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            }

            rows.Add(row);
        }

        return rows;
    }

    public void Dispose() => connection.Dispose();

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
