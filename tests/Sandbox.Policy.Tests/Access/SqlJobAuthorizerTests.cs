using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Queries;
using Sandbox.Policy.Tests.Grants;

namespace Sandbox.Policy.Tests.Access;

public sealed class SqlJobAuthorizerTests
{
    private const string GrantId = "nj-credit-2026";

    private static readonly Grant Grant = GrantLoader.Load("grant.yaml", GrantDocuments.Unconstrained, TestCatalog.Instance);

    private static readonly DateOnly Today = new(2026, 6, 1);

    private static Decision Authorize(params string[] sql) => Authorize(GrantState.Active, Today, sql);

    private static Decision Authorize(GrantState state, DateOnly today, params string[] sql) =>
        SqlJobAuthorizer.Authorize(
            Grant,
            state,
            today,
            [.. sql.Select((s, i) => ($"q{i}", SqlStatement.Parse(s)))],
            TestCatalog.Instance);

    [Theory]
    // projections, aliases, *
    [InlineData("select district, count(*) as n from enterprise_registry group by district")]
    [InlineData("select e.uscc, e.district as d from enterprise_registry e")]
    [InlineData("select enterprise_registry.uscc from enterprise_registry")]
    [InlineData("select * from enterprise_registry")]
    [InlineData("select r.* from residents r")]
    // joins with aliases
    [InlineData("select e.district, r.gender, count(*) from enterprise_registry e join residents r on e.district = r.district group by all")]
    [InlineData("select count(*) from enterprise_registry join residents using (district)")]
    [InlineData("select e.uscc from enterprise_registry e left join residents r on e.legal_rep_id = r.resident_id")]
    // subqueries
    [InlineData("select district from (select district, industry from enterprise_registry where industry = 'C') s")]
    [InlineData("select district from residents where resident_id in (select legal_rep_id from enterprise_registry)")]
    [InlineData("select e.district from enterprise_registry e where exists (select 1 from residents r where r.district = e.district)")]
    [InlineData("select upper(d) from (select district as d from enterprise_registry) t")]
    // CTEs, including output columns that share a name with a column not granted
    [InlineData("with big as (select uscc, registered_capital from enterprise_registry where registered_capital > 1000) select count(*) from big")]
    [InlineData("with c as (select uscc as name from enterprise_registry) select name from c")]
    [InlineData("with c as (select district from enterprise_registry), d as (select district from c) select * from d")]
    // set operations
    [InlineData("select district from enterprise_registry union all select district from residents")]
    [InlineData("select district from enterprise_registry intersect select district from residents order by district")]
    // window functions, CASE, casts, string functions over granted columns
    [InlineData("select uscc, rank() over (partition by district order by registered_capital desc) as r from enterprise_registry")]
    [InlineData("select case when registered_capital > 100 then 'big' else 'small' end as size, count(*) from enterprise_registry group by size")]
    [InlineData("select cast(registered_capital as bigint) // 10000 as wan, registered_capital::varchar from enterprise_registry")]
    [InlineData("select left(uscc, 2) || '-' || lower(industry) from enterprise_registry")]
    // a select-list alias in ORDER BY binds before a table column of the same name
    [InlineData("select uscc as name from enterprise_registry order by name")]
    // lambda parameters are not columns, even when named like one
    [InlineData("select list_transform([1, 2], name -> name + 1) as x from enterprise_registry")]
    [InlineData("select district, count(*) from enterprise_registry group by district having count(*) >= 10 qualify rank() over (order by count(*)) <= 3")]
    public void Authorize_GrantedTablesAndColumns_IsAllowed(string sql)
    {
        var decision = Authorize(sql);

        Assert.True(decision.Allowed, decision.ToString());
        Assert.Empty(decision.Reasons);
    }

    [Theory]
    [InlineData("select name from enterprise_registry", "column enterprise_registry.name is not granted by nj-credit-2026")]
    [InlineData("select e.legal_rep_mobile from enterprise_registry e", "column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026")]
    [InlineData("select upper(substr(legal_rep_mobile, 1, 3)) as m from enterprise_registry", "column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026")]
    [InlineData("select concat('x', trim(lower(r.name))) from residents r", "column residents.name is not granted by nj-credit-2026")]
    [InlineData("select count(*) from enterprise_registry where established > '2020-01-01'", "column enterprise_registry.established is not granted by nj-credit-2026")]
    [InlineData("select cast(birth_date as varchar) from residents", "column residents.birth_date is not granted by nj-credit-2026")]
    [InlineData("select birth_date::date from residents", "column residents.birth_date is not granted by nj-credit-2026")]
    [InlineData("select case when gender = 'F' then mobile end from residents", "column residents.mobile is not granted by nj-credit-2026")]
    [InlineData("select r.name from residents r join enterprise_registry e on r.district = e.district", "column residents.name is not granted by nj-credit-2026")]
    [InlineData("select e.uscc from enterprise_registry e join residents r on e.legal_rep_mobile = r.mobile", "column residents.mobile is not granted by nj-credit-2026")]
    [InlineData("select district from enterprise_registry union select mobile from residents", "column residents.mobile is not granted by nj-credit-2026")]
    [InlineData("select row_number() over (order by legal_rep_mobile) from enterprise_registry", "column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026")]
    [InlineData("select x from (select name as x from residents) s", "column residents.name is not granted by nj-credit-2026")]
    [InlineData("with c as (select mobile as m from residents) select count(*) from c", "column residents.mobile is not granted by nj-credit-2026")]
    [InlineData("select district, (select max(mobile) from residents) from enterprise_registry", "column residents.mobile is not granted by nj-credit-2026")]
    [InlineData("select uscc from enterprise_registry e order by e.legal_rep_mobile", "column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026")]
    [InlineData("select upper(legal_rep_mobile) as legal_rep_mobile from enterprise_registry order by legal_rep_mobile", "column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026")]
    [InlineData("select list_transform([1], x -> x || name) from residents", "column residents.name is not granted by nj-credit-2026")]
    [InlineData("select uscc as legal_rep_mobile from enterprise_registry order by upper(legal_rep_mobile)", "column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026")]
    [InlineData("select district from enterprise_registry qualify row_number() over (partition by district order by established) = 1", "column enterprise_registry.established is not granted by nj-credit-2026")]
    [InlineData("select district from enterprise_registry group by district having max(legal_rep_mobile) > '1'", "column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026")]
    [InlineData("select * exclude (uscc) replace (mobile as district) from residents", "column residents.mobile is not granted by nj-credit-2026")]
    [InlineData("select count(*) from residents r where r.district in (select district from residents where birth_date < '1990-01-01')", "column residents.birth_date is not granted by nj-credit-2026")]
    [InlineData("select * from read_csv('/etc/passwd')", "table function read_csv is not allowed")]
    [InlineData("select * from range(10)", "table function range is not allowed")]
    [InlineData("select * from '/etc/passwd'", "table /etc/passwd is not granted by nj-credit-2026")]
    [InlineData("select * from vehicles", "table vehicles is not granted by nj-credit-2026")]
    [InlineData("select uscc from main.enterprise_registry", "table main.enterprise_registry is not granted by nj-credit-2026")]
    [InlineData("select count(*) from information_schema.columns", "table information_schema.columns is not granted by nj-credit-2026")]
    [InlineData("with enterprise_registry as (select 1 as x) select * from enterprise_registry, (select mobile from residents) m", "column residents.mobile is not granted by nj-credit-2026")]
    [InlineData("select a from enterprise_registry t(a, b, c, d, e, f, g)", "table enterprise_registry may not have its columns renamed in FROM; alias them in the select list instead")]
    public void Authorize_NotGranted_IsRefusedNamingIt(string sql, string reason)
    {
        var decision = Authorize(sql);

        Assert.False(decision.Allowed);
        Assert.Contains(reason, decision.Reasons);
    }

    [Fact]
    public void Authorize_UnknownName_IsRefusedBecauseTheColumnRulesCannotFollowIt()
    {
        // Issue 11: a name the analysis cannot resolve may still mean something to DuckDB (an automatic name, a
        // de-duplicated one, a relation as a value), so the column rules fail closed instead of leaving it to the binder.
        var reason = Assert.Single(Authorize("select no_such_column from enterprise_registry").Reasons);
        Assert.Contains("no_such_column", reason);
        Assert.Contains("does not resolve", reason);
    }

    [Fact]
    public void Authorize_ManyProblems_CollectsEveryReasonOnce()
    {
        var decision = Authorize(
            GrantState.Suspended,
            new DateOnly(2028, 1, 5),
            "select name, legal_rep_mobile from enterprise_registry",
            "select r.mobile from residents r, read_csv('/etc/passwd'), vehicles",
            "select name from enterprise_registry");

        Assert.False(decision.Allowed);
        Assert.Equal(
            [
                "grant nj-credit-2026 is suspended",
                "grant nj-credit-2026 expired on 2027-12-31",
                "column enterprise_registry.name is not granted by nj-credit-2026",
                "column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026",
                "table function read_csv is not allowed",
                "table vehicles is not granted by nj-credit-2026",
                "column residents.mobile is not granted by nj-credit-2026",
            ],
            decision.Reasons);
    }

    [Theory]
    [InlineData(GrantState.Applied)]
    [InlineData(GrantState.UnderReview)]
    [InlineData(GrantState.Publicized)]
    [InlineData(GrantState.Suspended)]
    [InlineData(GrantState.Terminated)]
    [InlineData(GrantState.Expired)]
    public void Authorize_GrantNotActive_IsRefused(GrantState state)
    {
        var decision = Authorize(state, Today, "select district from enterprise_registry");

        var reason = Assert.Single(decision.Reasons);
        Assert.StartsWith("grant nj-credit-2026 is ", reason);
    }

    [Fact]
    public void Authorize_BeforeThePeriod_SaysWhenItStarts()
    {
        var decision = Authorize(GrantState.Active, new DateOnly(2025, 12, 31), "select district from enterprise_registry");

        Assert.Equal(["grant nj-credit-2026 starts on 2026-01-01"], decision.Reasons);
    }

    [Fact]
    public void Authorize_DayAfterThePeriod_SaysWhenItExpired()
    {
        var decision = Authorize(GrantState.Active, new DateOnly(2028, 1, 1), "select district from enterprise_registry");

        Assert.Equal(["grant nj-credit-2026 expired on 2027-12-31"], decision.Reasons);
    }

    [Fact]
    public void Authorize_LastDayOfThePeriod_IsAllowed()
    {
        Assert.True(Authorize(GrantState.Active, new DateOnly(2027, 12, 31), "select district from enterprise_registry").Allowed);
    }

    [Fact]
    public void Authorize_ColumnNameInOtherCase_IsStillRefused()
    {
        Assert.Equal(
            ["column enterprise_registry.legal_rep_mobile is not granted by nj-credit-2026"],
            Authorize("select LEGAL_REP_MOBILE from Enterprise_Registry").Reasons);
    }
}
