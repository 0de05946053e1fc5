namespace Sandbox.Policy.Tests.Visibility;

/// <summary>Every attack of issue 11, each refused naming the construct that would have leaked.</summary>
public sealed class ColumnRuleAttackTests
{
    [Theory]
    // a table alias used as a value is the whole row
    [InlineData("select to_json(p) as r from people p", "p in the select list names a relation")]
    [InlineData("select cast(p as varchar) as r from people p", "p in the select list names a relation")]
    [InlineData("select count(*) from people p where p::varchar like '%1%'", "p in WHERE names a relation")]
    // positional references
    [InlineData("select #1 as r, #6 as a, #7 as i from people", "positional reference (#n)")]
    // the JSON arrow is not a lambda: its left side is a value
    [InlineData("select to_json(income) -> '$' as i from people", "income is aggregate-only")]
    [InlineData("select resident_id -> '$' as r from people", "resident_id is join-only")]
    // DuckDB's de-duplicated and automatic names resolve where DuckDB resolves them
    [InlineData("select resident_id_1 as r from (select street as resident_id, resident_id from people)", "resident_id is join-only — it may be used only as a join key (ON, USING, or column = column), never shown — but output column 'r'")]
    [InlineData("select \"lower(resident_id)\" as r from (select lower(resident_id) from people)", "resident_id is join-only — it may be used only as a join key (ON, USING, or column = column), never shown — but output column 'r'")]
    [InlineData("with c as (select lower(resident_id) from people) select \"lower(resident_id)\" as r from c", "resident_id is join-only — it may be used only as a join key (ON, USING, or column = column), never shown — but output column 'r'")]
    [InlineData("with c as (select street as resident_id, resident_id from people) select resident_id_1 as r from c", "resident_id is join-only — it may be used only as a join key (ON, USING, or column = column), never shown — but output column 'r'")]
    [InlineData("select \"count_star()\" as n, \"(age + 1)\" as a from (select count(*), age + 1 from people group by age)", "age is compare-only")]
    // UNION BY NAME: the right side's extra columns are output columns too
    [InlineData("select 1 as x union all by name select 1 as x, resident_id as r, age as a, income as i from people", "resident_id is join-only — it may be used only as a join key (ON, USING, or column = column), never shown — but output column 'r'")]
    [InlineData("select 1 as x union all by name select 1 as x, resident_id as r, age as a, income as i from people", "income is aggregate-only — it may appear only inside COUNT, SUM, AVG, MIN or MAX — but output column 'i'")]
    // a recursive CTE shifting a column through seven positions: iterated to a fixed point
    [InlineData("with recursive r(a, b, c, d, e, f, g, n) as (select resident_id, street, street, street, street, street, street, 0 from people union all select g, a, b, c, d, e, f, n + 1 from r where n < 7) select g from r", "resident_id is join-only — it may be used only as a join key (ON, USING, or column = column), never shown — but output column 'g'")]
    // aggregate-only per person
    [InlineData("select street, max(income) as m from people group by rowid, street", "groups of one row (a group key of rowid)")]
    [InlineData("select max(income) as m from (select rowid as k, income from people) group by k", "groups of one row (a group key of rowid)")]
    [InlineData("select max(income) as m from (select row_number() over () as k, income from people) group by k", "groups of one row (a group key of row_number())")]
    [InlineData("select sum(income) over (partition by rowid) as s from people", "is not a summary of a whole partition of many rows")]
    [InlineData("select sum(income) over (rows between current row and current row) as s from people", "is not a summary of a whole partition of many rows")]
    [InlineData("select max(income, 2000)::varchar as m from people", "max with 2 arguments in the select list returns several of its values")]
    // compare-only and join-only revealed exactly
    [InlineData("with t as (select unnest(range(150)) as n) select p.street, t.n from people p join t on p.age = t.n", "age is compare-only — it may appear only in comparisons with constants in WHERE, ON or HAVING — but ON uses it as a join key")]
    [InlineData("with t as (select unnest(range(150)) as n) select p.street, t.n from people p join t on p.age = t.n + 0", "compares it with another column or a generated domain")]
    [InlineData("with t as (select unnest(range(150)) as n) select p.street, t.n from people p join t on p.age between t.n and t.n", "compares it with another column or a generated domain")]
    [InlineData("select p.street from people p where p.age in (select unnest(range(150)))", "compares it with another column or a generated domain")]
    [InlineData("select street, sum(((age & 1) > 0)::int + ((age & 2) > 0)::int * 2 + ((age & 4) > 0)::int * 4) as a from people group by street", "age is compare-only — it may appear only in comparisons with constants in WHERE, ON or HAVING — but output column 'a' uses it inside an aggregate")]
    [InlineData("select count(*) as n from (select unnest(range(p.age)) from people p where street = 'x')", "unnest in the select list repeats rows by its value")]
    [InlineData("select count(*) as n from (select unnest(range(ascii(substr(resident_id, 4, 1)))) from people)", "resident_id is join-only — it may be used only as a join key (ON, USING, or column = column), never shown — but unnest")]
    [InlineData("with recursive r(n) as (select age from people union all select n - 1 from r where n > 0) select count(*) from r", "the recursive CTE r repeats rows while a condition on it holds")]
    [InlineData("with t as (select unnest(range(100000)) as id) select count(*) from people p join t on p.resident_id = t.id", "resident_id is join-only — it may be used only as a join key (ON, USING, or column = column), never shown — but ON joins it to a value no granted column gives")]
    [InlineData("with t as (select resident_id || '' as id from people) select count(*) from people p join t on p.resident_id = t.id", "but ON joins it to something other than a join-only column of a granted table")]
    [InlineData("select count(*) from people p join households h on p.resident_id = h.size", "but ON joins it to something other than a join-only column of a granted table")]
    public void Analyze_Issue11Attack_IsRefusedNamingTheConstruct(string sql, string expected)
    {
        var reasons = PeopleGrant.Analyze(sql);

        Assert.NotEmpty(reasons);
        Assert.Contains(reasons, r => expected.Split('|').Any(e => r.Contains(e, StringComparison.Ordinal)));
    }

    [Theory]
    // the purpose of each rule stays usable
    [InlineData("select district, max(income) as m, count(*) as n from people group by district")]
    [InlineData("select district, sum(income) over (partition by district) as s from people")]
    [InlineData("select count(*) from people where age between 18 and 60 and age <> 30")]
    [InlineData("select district, sum(case when age >= 65 then 1 else 0 end) as old from people group by district")]
    [InlineData("select district, count(*) filter (where age > 60) as old from people group by district having max(income) > 1000")]
    [InlineData("select h.household, count(*) from people p join households h on p.resident_id = h.resident_id group by h.household")]
    [InlineData("select count(*) from people join households using (resident_id)")]
    [InlineData("select street, rowid from people")]
    [InlineData("select l from (select lower(street) from people) t(l)")]
    [InlineData("select \"lower(street)\" from (select lower(street) from people)")]
    [InlineData("select street_1 from (select district as street, street from people)")]
    [InlineData("with recursive r(n) as (select 1 union all select n + 1 from r where n < 10) select n from r")]
    public void Analyze_Issue11Purpose_IsAccepted(string sql)
    {
        Assert.Empty(PeopleGrant.Analyze(sql));
    }
}
