using System.Globalization;

namespace Sandbox.Policy.Tests.Visibility;

/// <summary>
/// Random SELECTs over the people tables from a small grammar: expression trees of depth at most 4 over columns
/// (protected ones included), constants, the modelled scalar functions, comparisons, CASE, aggregates, windows,
/// unnest, the JSON arrow and correlated subqueries; with optional join, WHERE and GROUP BY.
/// </summary>
internal sealed class RandomQueries
{
    private static readonly string[] PlainColumns = ["p.street", "p.district", "p.gender", "p.rowid"];
    private static readonly string[] ProtectedColumns = ["p.resident_id", "p.name", "p.age", "p.income"];
    private static readonly string[] Constants = ["30", "50", "2", "7", "'street 1'", "'F'"];
    private readonly Random random;
    private bool joined;

    public RandomQueries(int seed)
    {
        random = new Random(seed);
    }

    public string Next()
    {
        // Sometimes the query feeds another: counted, re-aggregated, read through a CTE, or unioned with another.
        return random.Next(10) switch
        {
            0 => $"select count(*) as n from ({Select()}) t",
            1 => $"select count(*) as n, count(distinct c0) as d from ({Select()}) t",
            2 => $"with t as ({Select()}) select * from t",
            3 => $"{Select()} union all {Select()}",
            _ => Select(),
        };
    }

    private string Select()
    {
        joined = random.NextDouble() < 0.4;
        var items = Enumerable.Range(0, random.Next(1, 4)).Select(i => $"{Expression(random.Next(1, 5), top: true)} as c{i}");
        var sql = $"select {string.Join(", ", items)} from people p";
        if (joined)
        {
            sql += random.Next(6) switch
            {
                0 => $" join households h on {Pick("p.age", "p.income", "p.street")} = h.size",
                1 => " join households h on p.resident_id = h.household",
                2 => " join (select resident_id, household, size from households union all select 'RID731005', 'X', 1) h on p.resident_id = h.resident_id",
                _ => " join households h on p.resident_id = h.resident_id",
            };
        }

        if (random.NextDouble() < 0.4)
        {
            sql += " where " + random.Next(8) switch
            {
                0 => $"p.resident_id in (select resident_id from households where size > {random.Next(1, 4)})",
                1 => $"p.resident_id {Pick("like 'RID73100%'", "= 'RID731005'", "in (select 'RID731005')")}",
                2 => $"p.resident_id in (select 'RID' || (731000 + unnest(range({random.Next(3, 40)}))::varchar)",
                _ => Comparison(random.Next(0, 3)),
            };
        }

        if (random.NextDouble() < 0.35)
        {
            sql += " group by " + Pick("p.district", "p.gender", "p.rowid", "p.street", "p.income", "p.age", "all");
        }

        return sql;
    }

    private string Expression(int depth, bool top = false)
    {
        if (depth <= 0 || random.NextDouble() < 0.25)
        {
            return Leaf();
        }

        var x = Expression(depth - 1);
        return random.Next(top ? 22 : 19) switch
        {
            0 => $"abs({x})",
            1 => $"length(({x})::varchar)",
            2 => $"lower(({x})::varchar)",
            3 => $"({x} + {Expression(depth - 1)})",
            4 => $"({x} * 2)",
            5 => $"({x})::varchar || '-'",
            6 => $"({Comparison(depth - 1)})::int",
            7 => $"case when {Comparison(depth - 1)} then {x} else {Expression(depth - 1)} end",
            8 => $"sum({x})",
            9 => $"count({x})",
            10 => $"avg({x})",
            11 => $"max({x})",
            12 => $"max({x}, 2)",
            13 => $"string_agg(({x})::varchar, ',')",
            14 => $"sum({x}) over (partition by {Pick("p.district", "p.rowid", "p.street")})",
            15 => $"lag({x}) over (order by p.street)",
            16 => $"sum({x}) over (rows between current row and current row)",
            17 => $"(select max({x.Replace("p.", "p2.", StringComparison.Ordinal)}) from people p2 where p2.{Pick("district", "resident_id", "rowid")} = p.{Pick("district", "resident_id", "rowid")})",
            18 => $"(to_json({x}) ->> '$')",
            19 => $"unnest(range(({x})::bigint % 5))",
            20 => $"count(*) filter (where {Comparison(depth - 1)})",
            _ => $"sum(case when {Comparison(depth - 1)} then 1 else 0 end)",
        };
    }

    private string Comparison(int depth)
    {
        var left = depth <= 0 ? Leaf() : Expression(depth);
        var right = random.NextDouble() < 0.7 ? Pick(Constants) : Leaf();
        return $"{left} {Pick(">", "=", "<", "<>")} {right}";
    }

    private string Leaf()
    {
        var roll = random.NextDouble();
        if (roll < 0.3)
        {
            return Pick(Constants);
        }

        if (joined && roll < 0.4)
        {
            return Pick("h.household", "h.size", "h.resident_id");
        }

        return roll < 0.65 ? Pick(PlainColumns) : Pick(ProtectedColumns);
    }

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{nameof(RandomQueries)}");
}
