using DuckDB.NET.Data;
using Sandbox.Policy.Queries.Evidence;

namespace Sandbox.Policy.Tests.Queries.Evidence;

public sealed class EvidenceRewriterTests
{
    private static readonly Dictionary<string, string> Subjects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["firms"] = "uscc",
        ["people"] = "pid",
    };

    // Synthetic: district A has firms f1 (3 rows: 100, 100, 50), f2 (1 row: 10); district B has f3 (1 row: 5), f4 (-2).
    private const string Setup = """
        CREATE TABLE firms AS SELECT * FROM (VALUES
          ('f1', 'A', 100.0), ('f1', 'A', 100.0), ('f1', 'A', 50.0), ('f2', 'A', 10.0), ('f3', 'B', 5.0), ('f4', 'B', -2.0))
          t(uscc, district, capital);
        CREATE TABLE districts AS SELECT * FROM (VALUES ('A', '玄武区'), ('B', '秦淮区')) d(code, name);
        CREATE TABLE people AS SELECT * FROM (VALUES ('p1', 'A')) p(pid, district);
        """;

    [Fact]
    public void Plan_GroupBySum_CountsSubjectsAndTopContributions()
    {
        var plan = EvidenceRewriter.Plan("select district, count(*) as n, sum(capital) as total from firms group by district order by 1 limit 1", Subjects);

        Assert.True(plan.Available, plan.Reason);
        Assert.Equal([OutputColumnRole.Dimension, OutputColumnRole.Count, OutputColumnRole.Sum], plan.Roles);
        Assert.Equal("firms.uscc", plan.Subject);
        var rows = Run(plan.Sql!);
        Assert.Equal(2, rows.Count); // LIMIT dropped: evidence for every group
        Assert.Equal(["A", 2L, 250.0, 10.0, 260.0, 10.0], rows.Single(r => (string)r[0]! == "A"));
        Assert.Equal(["B", 2L, 5.0, -2.0, 3.0, -2.0], rows.Single(r => (string)r[0]! == "B"));
    }

    [Fact]
    public void Plan_AverageWithAliasGroupAndJoin_MeasuresTheSumUnderneath()
    {
        var plan = EvidenceRewriter.Plan(
            "select d.name as district_name, avg(f.capital) as mean from firms f join districts d on f.district = d.code group by district_name having count(*) > 100",
            Subjects);

        Assert.True(plan.Available, plan.Reason);
        Assert.Equal([OutputColumnRole.Dimension, OutputColumnRole.Average], plan.Roles);
        var a = Run(plan.Sql!).Single(r => (string)r[0]! == "玄武区");
        Assert.Equal(["玄武区", 2L, 250.0, 10.0, 260.0, 10.0], a);
    }

    [Theory]
    [InlineData("select district, count(*) from firms group by 1")]
    [InlineData("select district, count(*) from firms group by all")]
    [InlineData("select count(*), sum(capital) from firms")]
    public void Plan_OrdinalsGroupByAllAndGlobalAggregates_AreSupported(string sql)
    {
        var plan = EvidenceRewriter.Plan(sql, Subjects);

        Assert.True(plan.Available, plan.Reason);
        Assert.All(Run(plan.Sql!), r => Assert.True((long)r[plan.DimensionColumns.Count]! >= 2));
    }

    [Theory]
    [InlineData("select district, capital from firms", "not an aggregate")]
    [InlineData("select district, count(*) from firms group by district union all select 'x', 1", "set operation")]
    [InlineData("select district, count(*) over () from firms", "window")]
    [InlineData("with t as (select * from firms) select district, count(*) from t group by district", "WITH")]
    [InlineData("select district, count(*) from (select * from firms) s group by district", "subquery")]
    [InlineData("select district, count(*) from districts group by district", "no table")]
    [InlineData("select f.district, count(*) from firms f join people p on f.district = p.district group by 1", "several tables")]
    [InlineData("select district, count(*) from firms group by rollup (district)", "ROLLUP")]
    public void Plan_OtherShapes_HaveNoEvidenceAndSayWhy(string sql, string reason)
    {
        var plan = EvidenceRewriter.Plan(sql, Subjects);

        Assert.False(plan.Available);
        Assert.Contains(reason, plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MinAndDistinctSums_AreOtherAggregates()
    {
        var plan = EvidenceRewriter.Plan("select district, min(capital), sum(distinct capital), sum(capital) / count(*) from firms group by district", Subjects);

        Assert.Equal([OutputColumnRole.Dimension, OutputColumnRole.OtherAggregate, OutputColumnRole.OtherAggregate, OutputColumnRole.OtherAggregate], plan.Roles);
        Assert.Empty(plan.ContributionColumns);
        Assert.True(plan.Available);
    }

    private static List<object?[]> Run(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = Setup;
            setup.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
