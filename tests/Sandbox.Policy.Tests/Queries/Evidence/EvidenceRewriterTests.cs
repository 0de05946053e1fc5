using DuckDB.NET.Data;
using Sandbox.Contracts.Evidence;
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
        Assert.Equal([EvidenceRole.Dimension, EvidenceRole.Count, EvidenceRole.Sum], plan.Roles);
        Assert.Equal("firms.uscc", plan.Subject);
        var rows = Run(plan.Sql!);
        Assert.Equal(2, rows.Count); // LIMIT dropped: evidence for every group
        // key, table, subjects; count cell: subjects; sum cell: subjects, top1, top2, total, min
        Assert.Equal(["A", 0, 2L, 2L, 2L, 250.0, 10.0, 260.0, 10.0], rows.Single(r => (string)r[0]! == "A").Take(9));
        Assert.Equal(["B", 0, 2L, 2L, 2L, 5.0, -2.0, 3.0, -2.0], rows.Single(r => (string)r[0]! == "B").Take(9));
        // Last, per aggregate cell, the subjects it counts summed per bucket (bucket, subjects, hash XOR, check XOR), for
        // the gate's subject-set fingerprints: two subjects in all.
        Assert.All(rows.Single(r => (string)r[0]! == "A").Skip(9), sums => Assert.Equal(2UL, ((List<ulong>)sums!).Where((_, i) => i % 4 == 1).Aggregate(0UL, (a, n) => a + n)));
    }

    [Fact]
    public void Plan_AverageWithAliasGroupAndJoin_MeasuresTheSumUnderneath()
    {
        var plan = EvidenceRewriter.Plan(
            "select d.name as district_name, avg(f.capital) as mean from firms f join districts d on f.district = d.code group by district_name having count(*) > 1",
            Subjects);

        Assert.True(plan.Available, plan.Reason);
        Assert.Equal([EvidenceRole.Dimension, EvidenceRole.Average], plan.Roles);
        var a = Run(plan.Sql!).Single(r => (string)r[0]! == "玄武区");
        Assert.Equal(["玄武区", 0, 2L, 2L, 250.0, 10.0, 260.0, 10.0], a.Take(8));
    }

    [Theory]
    [InlineData("select district, count(*) from firms group by 1")]
    [InlineData("select district, count(*) from firms group by all")]
    [InlineData("select count(*), sum(capital) from firms")]
    [InlineData("with t as (select * from firms) select district, count(*) from t group by district")]
    [InlineData("select district, count(*) from (select * from firms) s group by district")]
    [InlineData("with t as (select uscc as id, district from firms) select s.district, count(*) from (select district from t) s group by 1")]
    public void Plan_OrdinalsGroupByAllGlobalAggregatesCtesAndSubqueries_AreSupported(string sql)
    {
        var plan = EvidenceRewriter.Plan(sql, Subjects);

        Assert.True(plan.Available, plan.Reason);
        Assert.All(Run(plan.Sql!), r => Assert.True((long)r[plan.DimensionColumns.Count + 1]! >= 2));
    }

    [Theory]
    [InlineData("select district, count(*) from firms group by district union all select 'x', 1", "set operation")]
    [InlineData("with t as (select district, count(*) as n from firms group by district) select sum(n) from t", "CTE t aggregates")]
    [InlineData("select district, (select count(*) from people) from firms group by district", "subquery")]
    [InlineData("select district, count(*) from districts group by district", "no table")]
    [InlineData("select district, count(*) from firms group by rollup (district)", "ROLLUP")]
    [InlineData("select distinct on (district) district, capital from firms", "DISTINCT ON")]
    public void Plan_OtherShapes_HaveNoEvidenceAndSayWhy(string sql, string reason)
    {
        var plan = EvidenceRewriter.Plan(sql, Subjects);

        Assert.False(plan.Available);
        Assert.False(plan.Listing);
        Assert.Contains(reason, plan.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("select district, capital from firms")]
    [InlineData("select district, sum(capital) over (partition by district) from firms")]
    [InlineData("with t as (select * from firms where capital > 0) select t.district from t join districts d on t.district = d.code")]
    public void Plan_Listing_RestsOnOneSubjectPerRow(string sql)
    {
        var plan = EvidenceRewriter.Plan(sql, Subjects);

        Assert.True(plan.Listing, plan.Reason);
        Assert.Null(plan.Reason);
        Assert.Equal("firms.uscc", plan.Subject);
    }

    [Fact]
    public void Plan_MinAndDistinctSums_AreOtherAggregates()
    {
        var plan = EvidenceRewriter.Plan("select district, min(capital), sum(distinct capital), sum(capital) / count(*), sum(abs(capital)) from firms group by district", Subjects);

        Assert.Equal([EvidenceRole.Dimension, EvidenceRole.Other, EvidenceRole.Other, EvidenceRole.Other, EvidenceRole.Other], plan.Roles);
        Assert.Empty(plan.ContributionColumns);
        Assert.True(plan.Available);
    }

    [Fact]
    public void Plan_HiddenGroupKey_KeysEvidenceByIt()
    {
        var plan = EvidenceRewriter.Plan("select district, count(*) as n from firms group by district, uscc", Subjects);

        var a = Run(plan.Sql!).Where(r => (string)r[0]! == "A").ToList();
        Assert.Equal(2, a.Count);
        Assert.All(a, r => Assert.Equal(1L, r[2]));
    }

    [Theory]
    [InlineData("select district, count(*) filter (where capital > 20) from firms group by district")]
    [InlineData("select district, sum(case when uscc = 'f1' then capital end) from firms group by district")]
    [InlineData("select district, sum(case when uscc = 'f1' then capital else 0 end) from firms group by district")]
    [InlineData("select district, count(case when uscc = 'f1' then 1 end) from firms group by district")]
    public void Plan_FilterAndCase_CountOnlyTheSubjectsTheAggregateCounts(string sql)
    {
        var plan = EvidenceRewriter.Plan(sql, Subjects);

        var a = Run(plan.Sql!).Single(r => (string)r[0]! == "A");
        Assert.Equal(2L, a[2]); // the group
        Assert.Equal(1L, a[3]); // the cell: f1 only
    }

    [Theory]
    [InlineData("select district, sum(capital + 1000000) from firms group by district", 2L, 260.0)]
    [InlineData("select district, sum(case when uscc = 'f1' then capital else 0 end + 100000) from firms group by district", 1L, 250.0)]
    [InlineData("select district, avg(100 + case when uscc = 'f1' then capital else 7 end) from firms group by district", 2L, 250.0)]
    public void Plan_ConstantInsideSum_IsMeasuredAsZero(string sql, long counted, double total)
    {
        var plan = EvidenceRewriter.Plan(sql, Subjects);

        Assert.Contains(plan.Roles[1], new[] { EvidenceRole.Sum, EvidenceRole.Average });
        var a = Run(plan.Sql!).Single(r => (string)r[0]! == "A");
        Assert.Equal(counted, a[3]);
        Assert.Equal(250.0, a[4]); // top1: f1's own capital
        Assert.Equal(total, a[6]);
    }

    [Fact]
    public void Plan_Having_NeverListsTheGroupsItDrops()
    {
        var plan = EvidenceRewriter.Plan("select district, count(*) as n from firms group by district having count(*) > 3", Subjects);

        Assert.Equal(["A"], Run(plan.Sql!).Select(r => (string)r[0]!));
    }

    [Fact]
    public void Plan_JoinOfTwoSubjectTables_CountsEachTable()
    {
        var plan = EvidenceRewriter.Plan("select f.district, count(*) from firms f join people p on f.district = p.district group by 1", Subjects);

        Assert.True(plan.Available, plan.Reason);
        Assert.Equal(["firms.uscc", "people.pid"], plan.Subjects);
        var rows = Run(plan.Sql!);
        Assert.Equal(2L, rows.Single(r => (int)r[1]! == 0)[2]);
        Assert.Equal(1L, rows.Single(r => (int)r[1]! == 1)[2]);
    }

    [Fact]
    public void Plan_SelectDistinct_IsAGroupOfEveryItem()
    {
        var plan = EvidenceRewriter.Plan("select distinct district from firms", Subjects);

        Assert.True(plan.Available, plan.Reason);
        Assert.All(Run(plan.Sql!), r => Assert.Equal(2L, r[2]));
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
