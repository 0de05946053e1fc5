using DuckDB.NET.Data;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Sql;

public sealed class QueryErrorsTests
{
    private static DuckDBException ErrorOf(string sql)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = "CREATE TABLE t AS SELECT '177****9547' AS mobile, '玄武区' AS district, 61 AS age";
        command.ExecuteNonQuery();
        command.CommandText = sql;
        return Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
    }

    [Theory]
    [InlineData("SELECT CAST(mobile AS INTEGER) FROM t", "Conversion")]
    [InlineData("SELECT error(district) FROM t", "Invalid Input")]
    [InlineData("SELECT error('Binder Error: ' || district) FROM t", "Invalid Input")]
    [InlineData("SELECT strptime(district, '%Y') FROM t", "Invalid Input")]
    // Issue 11: every runtime error class, not only conversions, is reported by its kind.
    [InlineData("SELECT timezone(age::varchar, now()) FROM t", "Not implemented")]
    [InlineData("SELECT make_timestamptz(2020, 1, 1, 1, 1, 1, age::varchar) FROM t", "Not implemented")]
    [InlineData("SELECT now() AT TIME ZONE age::varchar FROM t", "Not implemented")]
    [InlineData("SELECT strptime(age::varchar, '%Z') FROM t", "Not implemented")]
    [InlineData("SELECT json_extract(district, '$') FROM t", "Invalid Input")]
    [InlineData("SELECT regexp_matches('x', '(' || age) FROM t", "Invalid Input")]
    [InlineData("SELECT age::varchar::date FROM t", "Conversion")]
    public void Describe_RuntimeError_NamesOnlyItsKind(string sql, string kind)
    {
        var ex = ErrorOf(sql);
        var values = new[] { "9547", "玄武区", "61" };
        Assert.True(values.Any(v => ex.Message.Contains(v, StringComparison.Ordinal)), "control: DuckDB's own message quotes the value");

        var shown = QueryErrors.Describe(ex);

        Assert.StartsWith(kind + " Error while the query ran", shown);
        Assert.All(values, v => Assert.DoesNotContain(v, shown));
    }

    [Theory]
    [InlineData("SELECT distrikt FROM t", "distrikt")]
    [InlineData("SELECT * FROM no_such_table", "no_such_table")]
    [InlineData("SELEC 1", "SELEC")]
    public void Describe_ErrorInTheQueryText_IsShownWhole(string sql, string named) =>
        Assert.Contains(named, QueryErrors.Describe(ErrorOf(sql)));
}
