using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Tests.Queries;

public sealed class SqlStatementTests
{
    [Fact]
    public void Parse_SimpleSelect_FindsTableAndColumns()
    {
        var statement = SqlStatement.Parse("select e.district, count(*) as n from enterprise_registry e where e.uscc > 'a' group by district");

        Assert.Equal([new TableReference("enterprise_registry", "e")], statement.Tables);
        Assert.Equal(
            [new ColumnReference("e", "district"), new ColumnReference("e", "uscc"), new ColumnReference(null, "district")],
            statement.Columns);
        Assert.Empty(statement.TableFunctions);
    }

    [Fact]
    public void Parse_Cte_IsNotATable()
    {
        var statement = SqlStatement.Parse(
            "with big as (select uscc from enterprise_registry where registered_capital > 100) select b.uscc from big b join residents r on b.uscc = r.resident_id");

        Assert.Equal(["enterprise_registry", "residents"], statement.Tables.Select(t => t.Name).Order());
    }

    [Fact]
    public void Parse_CteShadowingItsOwnName_StillReadsTheBaseTable()
    {
        // A non-recursive CTE does not see itself: the inner reference is the real table.
        var statement = SqlStatement.Parse("with residents as (select district from residents) select * from residents");

        Assert.Equal([new TableReference("residents", null)], statement.Tables);
    }

    [Fact]
    public void Parse_CteNameInAnotherScope_DoesNotHideABaseTable()
    {
        var statement = SqlStatement.Parse(
            "select * from (with residents as (select 1 as x) select * from residents) s, residents");

        Assert.Equal([new TableReference("residents", null)], statement.Tables);
    }

    [Fact]
    public void Parse_RecursiveCte_IsNotATable()
    {
        var statement = SqlStatement.Parse(
            "with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select n from r");

        Assert.Empty(statement.Tables);
    }

    [Fact]
    public void Parse_SubqueriesEverywhere_FindsEveryTable()
    {
        var statement = SqlStatement.Parse("""
            select district, (select max(registered_capital) from enterprise_registry x where x.district = s.district)
            from (select district from residents) s
            where exists (select 1 from enterprise_registry e2 where e2.district = s.district)
              and district in (select district from residents r2)
            """);

        Assert.Equal(
            ["enterprise_registry", "enterprise_registry", "residents", "residents"],
            statement.Tables.Select(t => t.Name).Order());
        Assert.Contains(new TableReference("enterprise_registry", "e2"), statement.Tables);
    }

    [Fact]
    public void Parse_Union_FindsBothSides()
    {
        var statement = SqlStatement.Parse("select district from enterprise_registry union all select district from residents");

        Assert.Equal(["enterprise_registry", "residents"], statement.Tables.Select(t => t.Name));
        Assert.Null(statement.CountColumnOrdinals);
    }

    [Fact]
    public void Parse_TableFunction_IsListed()
    {
        var statement = SqlStatement.Parse("select * from read_csv('/etc/passwd') p join range(3) r on true");

        Assert.Equal(["read_csv", "range"], statement.TableFunctions);
        Assert.Empty(statement.Tables);
    }

    [Fact]
    public void Parse_FileNameAsTable_IsATable()
    {
        // DuckDB's replacement scan would read the file: it must show up so that it is refused.
        var statement = SqlStatement.Parse("select * from '/etc/passwd'");

        Assert.Equal("/etc/passwd", Assert.Single(statement.Tables).Name);
    }

    [Fact]
    public void Parse_SchemaQualifiedTable_KeepsTheSchema()
    {
        var table = Assert.Single(SqlStatement.Parse("select uscc from main.enterprise_registry").Tables);

        Assert.Equal("main", table.Schema);
        Assert.Equal("main.enterprise_registry", table.QualifiedName);
    }

    [Fact]
    public void Parse_WindowCaseCastAndLambda_FindsInnerColumns()
    {
        var statement = SqlStatement.Parse("""
            select cast(registered_capital as bigint),
                   case when industry = 'C' then district else 'other' end,
                   rank() over (partition by district order by established),
                   list_transform([1, 2], x -> x + legal_rep_id)
            from enterprise_registry
            """);

        var names = statement.Columns.Select(c => c.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "registered_capital", "industry", "district", "established", "legal_rep_id" }, names);
        Assert.DoesNotContain("x", names);
    }

    [Fact]
    public void Parse_JoinUsing_CountsTheUsingColumn()
    {
        var statement = SqlStatement.Parse("select count(*) from enterprise_registry join residents using (district)");

        Assert.Contains(new ColumnReference(null, "district"), statement.Columns);
    }

    [Fact]
    public void CountColumnOrdinals_GroupedCount_IsTheCountPosition()
    {
        var statement = SqlStatement.Parse("select district, count(*) as n from t group by district");

        Assert.Equal([1], statement.CountColumnOrdinals);
    }

    [Fact]
    public void CountColumnOrdinals_SeveralCounts_ListsEach()
    {
        var statement = SqlStatement.Parse("select count(uscc), district, sum(x), count(distinct y) from t group by district");

        Assert.Equal([0, 3], statement.CountColumnOrdinals);
    }

    [Theory]
    [InlineData("select * from t")]
    [InlineData("select t.*, count(*) from t group by all")]
    [InlineData("select count(*) from a union select count(*) from b")]
    public void CountColumnOrdinals_StarOrSetOperation_IsNull(string sql)
    {
        Assert.Null(SqlStatement.Parse(sql).CountColumnOrdinals);
    }

    [Fact]
    public void CountColumnOrdinals_NoCount_IsEmpty()
    {
        Assert.Equal([], SqlStatement.Parse("select district from t").CountColumnOrdinals);
    }

    [Theory]
    [InlineData("COPY enterprise_registry TO '/tmp/out.csv'")]
    [InlineData("COPY (select 1) TO '/tmp/out.csv'")]
    [InlineData("ATTACH '/tmp/other.duckdb' AS other")]
    [InlineData("PRAGMA version")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("CREATE TABLE x AS SELECT 1")]
    [InlineData("INSERT INTO t VALUES (1)")]
    [InlineData("CALL pragma_version()")]
    [InlineData("EXPLAIN SELECT 1")]
    [InlineData("select 1; select 2")]
    [InlineData("select 1; COPY t TO 'x'")]
    [InlineData("DESCRIBE enterprise_registry")]
    [InlineData("SUMMARIZE enterprise_registry")]
    [InlineData("SHOW TABLES")]
    [InlineData("select * from (summarize enterprise_registry)")]
    public void Parse_NotASingleSelect_IsRefused(string sql)
    {
        var exception = Assert.Throws<SqlParseException>(() => SqlStatement.Parse(sql));

        Assert.StartsWith("only a single SELECT statement is allowed", exception.Message);
    }

    [Fact]
    public void Parse_SyntaxError_CarriesDuckDbsMessage()
    {
        var exception = Assert.Throws<SqlParseException>(() => SqlStatement.Parse("selec district from t"));

        Assert.Contains("syntax error at or near \"selec\"", exception.Message);
        Assert.Equal(0, exception.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  -- only a comment")]
    public void Parse_NoStatement_IsRefused(string sql)
    {
        Assert.Throws<SqlParseException>(() => SqlStatement.Parse(sql));
    }

    [Fact]
    public void Parse_TrailingSemicolon_IsOneStatement()
    {
        Assert.Single(SqlStatement.Parse("select 1 from t;").Tables);
    }

    [Fact]
    public void ToSql_RoundTrip_KeepsTheMeaning()
    {
        var statement = SqlStatement.Parse(
            "with c as (select district, uscc from enterprise_registry) select district, count(*) as n from c group by district order by n desc limit 5");

        var sql = statement.ToSql();
        var again = SqlStatement.Parse(sql);

        Assert.Equal(statement.Tables, again.Tables);
        Assert.Equal(statement.Columns, again.Columns);
        Assert.Equal(sql, again.ToSql());
        Assert.Contains("GROUP BY", sql);
    }

    [Fact]
    public void ToSql_EditedAst_PrintsTheEdit()
    {
        var statement = SqlStatement.Parse("select district from enterprise_registry");

        statement.Ast["from_table"]!["table_name"] = "residents";

        Assert.Equal("SELECT district FROM residents", statement.ToSql());
    }
}
