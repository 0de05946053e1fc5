using Sandbox.Policy.Queries;
using Sandbox.Policy.Visibility;

namespace Sandbox.Policy.Tests.Visibility;

public sealed class ColumnRuleAnalyzerTests
{
    private static readonly Dictionary<string, ConstrainedColumn[]> Tables = new(StringComparer.OrdinalIgnoreCase)
    {
        ["enterprise_registry"] =
        [
            new("uscc", ColumnConstraint.Plain),
            new("name", ColumnConstraint.Masked),
            new("district", ColumnConstraint.GroupByOnly),
            new("industry", ColumnConstraint.Plain),
            new("registered_capital", ColumnConstraint.AggregateOnly),
            new("established", ColumnConstraint.CompareOnly),
            new("legal_rep_id", ColumnConstraint.JoinOnly),
            new("legal_rep_mobile", ColumnConstraint.Forbidden),
        ],
        ["residents"] =
        [
            new("resident_id", ColumnConstraint.JoinOnly),
            new("name", ColumnConstraint.Masked),
            new("district", ColumnConstraint.Plain),
            new("gender", ColumnConstraint.Plain),
            new("birth_date", ColumnConstraint.CompareOnly),
        ],
    };

    private static IReadOnlyList<string> Analyze(string sql) =>
        ColumnRuleAnalyzer.Analyze(SqlStatement.Parse(sql), t => Tables.GetValueOrDefault(t));

    [Theory]
    // projections and aliases of plain and masked columns
    [InlineData("select uscc, name, industry from enterprise_registry")]
    [InlineData("select e.uscc as code, upper(e.name) as n from enterprise_registry e")]
    // aggregate-only inside aggregates, also through CASE and casts
    [InlineData("select industry, sum(registered_capital) as cap, avg(registered_capital::double) from enterprise_registry group by industry")]
    [InlineData("select count(distinct registered_capital), min(registered_capital), max(registered_capital) from enterprise_registry")]
    [InlineData("select industry from enterprise_registry group by industry having sum(registered_capital) > 1000")]
    [InlineData("select sum(case when industry = 'C' then registered_capital else 0 end) as c from enterprise_registry")]
    // group-by-only as a group key, in filters, through functions over the key, GROUP BY ALL, ordinals, DISTINCT
    [InlineData("select district, count(*) as n from enterprise_registry group by district order by district")]
    [InlineData("select upper(district) as d, count(*) from enterprise_registry where district <> '玄武区' group by district")]
    [InlineData("select district, count(*) from enterprise_registry group by all")]
    [InlineData("select district as d, count(*) from enterprise_registry group by 1")]
    [InlineData("select distinct district from enterprise_registry")]
    [InlineData("select e.district, count(*) from enterprise_registry e group by district")]
    // join-only as a join key: ON, USING, WHERE a = b, IN (subquery), through a CTE and a derived table
    [InlineData("select r.gender, count(*) from enterprise_registry e join residents r on e.legal_rep_id = r.resident_id group by r.gender")]
    [InlineData("select count(*) from enterprise_registry e, residents r where e.legal_rep_id = r.resident_id")]
    [InlineData("select gender, count(*) from residents where resident_id in (select legal_rep_id from enterprise_registry) group by gender")]
    [InlineData("with reps as (select legal_rep_id as id, industry from enterprise_registry) select r.industry, count(*) from reps r join residents p on r.id = p.resident_id group by 1")]
    [InlineData("select s.industry from (select legal_rep_id, industry from enterprise_registry) s join residents r on s.legal_rep_id = r.resident_id")]
    [InlineData("select count(*) from enterprise_registry join (select resident_id as legal_rep_id from residents) using (legal_rep_id)")]
    // compare-only in comparisons, and in counts of rows passing one
    [InlineData("select industry, count(*) from enterprise_registry where established >= date '2020-01-01' group by industry")]
    [InlineData("select gender, count(*) filter (where birth_date < date '1970-01-01') as older from residents group by gender")]
    [InlineData("select sum(case when established > date '2015-01-01' then 1 else 0 end) as recent from enterprise_registry")]
    [InlineData("select gender from residents where birth_date between date '1960-01-01' and date '1970-01-01'")]
    // set operations, windows, CTE chains, EXISTS over plain and summarized columns
    [InlineData("select uscc from enterprise_registry union select cast(gender as varchar) from residents where resident_id = resident_id or gender = 'F' union select 'x'")]
    [InlineData("select industry, sum(registered_capital) over (partition by industry) as total from enterprise_registry")]
    [InlineData("select uscc, row_number() over (partition by industry order by uscc) as rn from enterprise_registry")]
    [InlineData("with a as (select industry, registered_capital from enterprise_registry), b as (select industry, sum(registered_capital) as s from a group by industry) select * from b")]
    [InlineData("select uscc from enterprise_registry e where exists (select 1 from residents r where r.resident_id = e.legal_rep_id)")]
    [InlineData("select d, n from (select district as d, count(*) as n from enterprise_registry group by district) t order by n desc")]
    [InlineData("select count(*) from enterprise_registry")]
    public void Analyze_AllowedUse_IsAccepted(string sql)
    {
        Assert.Empty(Analyze(sql));
    }

    [Theory]
    // projections, aliases and * revealing a constrained column
    [InlineData("select legal_rep_id from enterprise_registry", "legal_rep_id is join-only", "output column 'legal_rep_id'")]
    [InlineData("select legal_rep_id as who from enterprise_registry", "legal_rep_id is join-only", "output column 'who'")]
    [InlineData("select * from enterprise_registry", "registered_capital is aggregate-only", "output column 'registered_capital'")]
    [InlineData("select r.* from residents r", "resident_id is join-only", "output column 'resident_id'")]
    [InlineData("select registered_capital from enterprise_registry", "registered_capital is aggregate-only", "as a value")]
    [InlineData("select district from enterprise_registry", "district is group-by-only", "output column 'district'")]
    // casts, string functions and CASE wrapped around a constrained column
    [InlineData("select cast(legal_rep_id as varchar) as v from enterprise_registry", "legal_rep_id is join-only", "output column 'v'")]
    [InlineData("select substr(legal_rep_id, 1, 6) || 'x' as prefix from enterprise_registry", "legal_rep_id is join-only", "output column 'prefix'")]
    [InlineData("select upper(trim(registered_capital::varchar)) from enterprise_registry", "registered_capital is aggregate-only", "as a value")]
    [InlineData("select case when established > date '2020-01-01' then 'new' else 'old' end as age from enterprise_registry", "established is compare-only", "output column 'age'")]
    [InlineData("select case when industry = 'C' then registered_capital end as cap from enterprise_registry", "registered_capital is aggregate-only", "output column 'cap'")]
    [InlineData("select registered_capital > 1000 as big from enterprise_registry", "registered_capital is aggregate-only", "in a comparison")]
    // join-only compared to a value, grouped by, counted, ordered by
    [InlineData("select count(*) from enterprise_registry where legal_rep_id = '320102'", "legal_rep_id is join-only", "WHERE")]
    [InlineData("select count(*) from enterprise_registry where legal_rep_id like '3201%'", "legal_rep_id is join-only", "WHERE")]
    [InlineData("select count(*) from residents where resident_id is null", "resident_id is join-only", "in a comparison")]
    [InlineData("select legal_rep_id, count(*) from enterprise_registry group by legal_rep_id", "legal_rep_id is join-only", "GROUP BY")]
    [InlineData("select count(distinct legal_rep_id) from enterprise_registry", "legal_rep_id is join-only", "inside an aggregate")]
    [InlineData("select uscc from enterprise_registry order by legal_rep_id", "legal_rep_id is join-only", "ORDER BY")]
    // aggregate-only outside aggregates: WHERE, GROUP BY, ORDER BY, windows
    [InlineData("select count(*) from enterprise_registry where registered_capital > 5000", "registered_capital is aggregate-only", "WHERE")]
    [InlineData("select registered_capital, count(*) from enterprise_registry group by registered_capital", "registered_capital is aggregate-only", "GROUP BY")]
    [InlineData("select uscc from enterprise_registry order by registered_capital desc limit 1", "registered_capital is aggregate-only", "ORDER BY")]
    [InlineData("select uscc, sum(registered_capital) over (order by uscc) as running from enterprise_registry", "registered_capital is aggregate-only", "output column 'running'")]
    [InlineData("select uscc, rank() over (order by registered_capital) from enterprise_registry", "registered_capital is aggregate-only", "window ORDER BY")]
    [InlineData("select first(registered_capital) from enterprise_registry", "registered_capital is aggregate-only", "as a value")]
    // group-by-only revealed row by row, or through a revealing aggregate
    [InlineData("select uscc, district from enterprise_registry", "district is group-by-only", "output column 'district'")]
    [InlineData("select industry, string_agg(district, ',') as ds from enterprise_registry group by industry", "district is group-by-only", "output column 'ds'")]
    // through subqueries, CTEs and set operations
    [InlineData("select x from (select legal_rep_id as x from enterprise_registry) t", "legal_rep_id is join-only", "output column 'x'")]
    [InlineData("with c as (select registered_capital as cap from enterprise_registry) select cap from c", "registered_capital is aggregate-only", "output column 'cap'")]
    [InlineData("select uscc from enterprise_registry union all select resident_id from residents", "resident_id is join-only", "output column 'uscc'")]
    [InlineData("select (select max(legal_rep_id) from enterprise_registry) as m", "legal_rep_id is join-only", "output column 'm'")]
    [InlineData("with recursive r(n, v) as (select 1, legal_rep_id from enterprise_registry union all select n + 1, v from r where n < 3) select v from r", "legal_rep_id is join-only", "output column 'v'")]
    // compare-only revealed or grouped
    [InlineData("select established from enterprise_registry", "established is compare-only", "as a value")]
    [InlineData("select year(birth_date) as y, count(*) from residents group by 1", "birth_date is compare-only", "GROUP BY")]
    [InlineData("select gender, min(birth_date) from residents group by gender", "birth_date is compare-only", "inside an aggregate")]
    // forbidden anywhere
    [InlineData("select count(*) from enterprise_registry where legal_rep_mobile is not null", "legal_rep_mobile is forbidden", "WHERE")]
    [InlineData("select count(*) from (select legal_rep_mobile from enterprise_registry) t", "legal_rep_mobile is forbidden", "the select list")]
    [InlineData("select count(*) from enterprise_registry where exists (select 1 from enterprise_registry where legal_rep_mobile > 0)", "legal_rep_mobile is forbidden", "WHERE")]
    public void Analyze_DisallowedUse_IsRefusedNamingColumnRuleAndPlace(string sql, string column, string place)
    {
        var reasons = Analyze(sql);
        var reason = Assert.Single(reasons, r => r.Contains(column, StringComparison.Ordinal) && r.Contains(place, StringComparison.Ordinal));
        Assert.StartsWith("column ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_SeveralProblems_ReportsEachOnce()
    {
        var reasons = Analyze("select legal_rep_id, registered_capital, legal_rep_id as again from enterprise_registry");
        Assert.Equal(3, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("output column 'again'", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_UnknownTable_LeavesItToTheGrantCheck()
    {
        Assert.Empty(Analyze("select * from audit"));
    }
}
