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
        command.CommandText = "CREATE TABLE t AS SELECT '177****9547' AS mobile, '玄武区' AS district";
        command.ExecuteNonQuery();
        command.CommandText = sql;
        return Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
    }

    [Theory]
    [InlineData("SELECT CAST(mobile AS INTEGER) FROM t", "Conversion")]
    [InlineData("SELECT error(district) FROM t", "Invalid Input")]
    [InlineData("SELECT error('Binder Error: ' || district) FROM t", "Invalid Input")]
    [InlineData("SELECT strptime(district, '%Y') FROM t", "Invalid Input")]
    public void Describe_RuntimeError_NamesOnlyItsKind(string sql, string kind)
    {
        var ex = ErrorOf(sql);
        Assert.True(ex.Message.Contains("9547", StringComparison.Ordinal) || ex.Message.Contains("玄武区", StringComparison.Ordinal), "control: DuckDB's own message quotes the value");

        var shown = QueryErrors.Describe(ex);

        Assert.StartsWith(kind + " Error while the query ran", shown);
        Assert.DoesNotContain("9547", shown);
        Assert.DoesNotContain("玄武区", shown);
    }

    [Theory]
    [InlineData("SELECT distrikt FROM t", "distrikt")]
    [InlineData("SELECT * FROM no_such_table", "no_such_table")]
    [InlineData("SELEC 1", "SELEC")]
    public void Describe_ErrorInTheQueryText_IsShownWhole(string sql, string named) =>
        Assert.Contains(named, QueryErrors.Describe(ErrorOf(sql)));
}
