using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sandbox.Contracts.Evidence;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// Builds the SQL of an aggregate's evidence from its (already resolved) AST: one per-subject query per subject
/// source, folded per group and restricted to the groups the statement itself keeps (HAVING, QUALIFY).
/// </summary>
/// <remarks>
/// Result columns: the output's dimension columns in output order, <c>__table</c> (the subject source),
/// <c>__subjects</c> (distinct subjects of the group), then per aggregate output column, in output order, the
/// subjects it counts (BIGINT) and, for a SUM/AVG column, top1, top2, total and min of the contributions (DOUBLE);
/// last, per aggregate output column, <c>__s</c>: the subjects it counts summed per <see cref="SubjectSketch.Bucket"/>
/// (UBIGINT[], four numbers per bucket: bucket, subjects, XOR of their hashes, XOR of their checks), from which the
/// cell's <see cref="SubjectSketch"/> is rebuilt exactly. Only these sums leave DuckDB, never a list of every subject:
/// at most <see cref="SubjectSketch.Buckets"/> per cell, whatever the table's size. The bucket of a hash is computed in
/// the query itself (<see cref="SketchBucketSql"/>): it needs no function of ours on the connection.
/// </remarks>
internal sealed class EvidenceQuery(JsonObject node, IReadOnlyList<EvidenceRole> roles, IReadOnlyList<SubjectSource> sources, bool perRow = false)
{
    private const string Subject = "__subject";

    private readonly JsonArray _list = (JsonArray)node["select_list"]!;
    private readonly bool _groupByAll = AstNodes.Text(node["aggregate_handling"]) == AstNames.ForceAggregates;
    private readonly List<JsonObject> _keys = [.. (node["group_expressions"] as JsonArray ?? []).Select(k => AstNodes.Unaliased(k!))];

    public string Build()
    {
        var dimensions = Enumerable.Range(0, roles.Count).Where(i => roles[i] == EvidenceRole.Dimension).ToList();
        var keyNames = Enumerable.Range(0, _keys.Count).Select(j => Name($"__k{j}")).ToList();
        var dimensionNames = dimensions.Select(d => Name($"__c{d}")).ToList();

        // The groups the statement keeps are matched by their keys: explicit GROUP BY keys, or for GROUP BY ALL the dimensions.
        var match = _keys.Count > 0 ? keyNames : _groupByAll ? dimensionNames : [];
        var sql = new StringBuilder("WITH \"__keys\" AS (").Append(Keys(match)).Append(")\nSELECT ");
        foreach (string d in dimensionNames)
        {
            sql.Append(d).Append(", ");
        }

        sql.Append("\"__table\", ").Append(Name(EvidenceRewriter.SubjectsColumn));
        var cells = Cells();
        foreach (var cell in cells)
        {
            sql.Append(CultureInfo.InvariantCulture, $", \"__n{cell.Ordinal}\"");
            if (cell.Measured is not null)
            {
                sql.Append(CultureInfo.InvariantCulture, $", \"__t1_{cell.Ordinal}\", \"__t2_{cell.Ordinal}\", \"__tt_{cell.Ordinal}\", \"__tm_{cell.Ordinal}\"");
            }
        }

        foreach (var cell in cells)
        {
            sql.Append(CultureInfo.InvariantCulture, $", \"__s{cell.Ordinal}\"");
        }

        sql.Append(" FROM (");
        for (int s = 0; s < sources.Count; s++)
        {
            sql.Append(s == 0 ? "" : "\nUNION ALL ").Append(Fold(s, dimensionNames, keyNames, cells));
        }

        sql.Append(") AS \"__f\" WHERE EXISTS (SELECT 1 FROM \"__keys\" WHERE true");
        foreach (string m in match)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND \"__keys\".{m} IS NOT DISTINCT FROM \"__f\".{m}");
        }

        return sql.Append(')').ToString();
    }

    /// <summary>The statement as written (HAVING and QUALIFY kept), with its hidden keys shown, ordering and DISTINCT dropped.</summary>
    private string Keys(IReadOnlyList<string> match)
    {
        var keys = (JsonObject)node.DeepClone();
        keys["modifiers"] = new JsonArray();
        var list = (JsonArray)keys["select_list"]!;
        var names = Enumerable.Range(0, list.Count).Select(i => Name($"__c{i}")).ToList();
        if (!_groupByAll)
        {
            for (int j = 0; j < _keys.Count; j++)
            {
                list.Add(_keys[j].DeepClone());
                names.Add(Name($"__k{j}"));
            }
        }

        string select = match.Count == 0 ? "1 AS \"__one\"" : string.Join(", ", match);
        return $"SELECT {select} FROM ({Print(keys)}) AS \"__o\"({string.Join(", ", names)})";
    }

    /// <summary>Per aggregate output column: the per-subject columns it needs, appended to <paramref name="perSubject"/>.</summary>
    private List<EvidenceCell> Cells(JsonArray? perSubject = null)
    {
        var cells = new List<EvidenceCell>();
        int n = 0;
        for (int i = 0; i < roles.Count; i++)
        {
            if (roles[i] == EvidenceRole.Dimension)
            {
                continue;
            }

            var counted = new List<string>();
            string? measured = null;
            foreach (var call in AstNodes.AggregateCalls(_list[i]))
            {
                string function = AstNodes.FunctionName(call)!;
                var children = call["children"] as JsonArray ?? [];
                string column = $"__a{n++}";
                bool sumLike = function is "sum" or "fsum" or "sum_no_overflow" or "kahan_sum" or "sumkahan" or "avg" or "mean" or "favg";
                var argument = children.Count == 1 && !AstNodes.IsTrue(call["distinct"]) && sumLike ? Contribution.Measured((JsonObject)children[0]!) : null;
                if (argument is not null)
                {
                    // The sum underneath, on the column's own values: constants inside count as zero.
                    var sum = (JsonObject)call.DeepClone();
                    sum["function_name"] = "sum";
                    sum["children"] = new JsonArray(argument);
                    Add(sum, column);
                    if (function is "avg" or "mean" or "favg")
                    {
                        var count = (JsonObject)call.DeepClone();
                        count["function_name"] = "count";
                        string rows = $"__a{n++}";
                        Add(count, rows);
                        counted.Add($"{Name(rows)} > 0");
                    }
                    else
                    {
                        counted.Add($"{Name(column)} <> 0");
                    }

                    if (roles[i] is EvidenceRole.Sum or EvidenceRole.Average)
                    {
                        measured = column;
                    }
                }
                else
                {
                    Add((JsonObject)call.DeepClone(), column);
                    counted.Add(function is "count" or "count_star" or "count_if" or "countif" or "regr_count" or "approx_count_distinct"
                        ? $"{Name(column)} > 0"
                        : $"{Name(column)} IS NOT NULL");
                }
            }

            cells.Add(new EvidenceCell(i, counted, measured));
        }

        return cells;

        void Add(JsonObject expression, string name)
        {
            if (perSubject is not null)
            {
                if (perRow)
                {
                    expression = PerRowEvidence.Of(expression);
                }

                expression["alias"] = name;
                perSubject.Add((JsonNode)expression);
            }
        }
    }

    /// <summary>One subject source's per-subject statement, folded per group.</summary>
    private string Fold(int s, IReadOnlyList<string> dimensionNames, IReadOnlyList<string> keyNames, IReadOnlyList<EvidenceCell> cells)
    {
        var source = sources[s];
        var perSubject = (JsonObject)node.DeepClone();
        perSubject["modifiers"] = new JsonArray();
        perSubject["having"] = null;
        perSubject["qualify"] = null;
        var list = new JsonArray();
        var names = new List<string>();
        for (int i = 0; i < roles.Count; i++)
        {
            if (roles[i] == EvidenceRole.Dimension)
            {
                list.Add(_list[i]!.DeepClone());
                names.Add(Name($"__c{i}"));
            }
        }

        for (int j = 0; j < _keys.Count; j++)
        {
            var key = (JsonObject)_keys[j].DeepClone();
            list.Add((JsonNode)key);
            names.Add(Name($"__k{j}"));
        }

        list.Add((JsonNode)AstNodes.ColumnRef(source.Qualifier, source.Column));
        names.Add(Name(Subject));
        int before = list.Count;
        Cells(list);
        names.AddRange(list.Skip(before).Select(e => Name(AstNodes.Text(e!["alias"])!)));
        perSubject["select_list"] = list;
        // Each row of the per-subject statement is one subject of one group when the subject joins its only grouping
        // (GROUP BY ALL takes it in with the rest): the fold then counts rows, which is what DISTINCT would find at
        // several times the cost. With several grouping sets the others lack the subject, so DISTINCT stays.
        bool subjectPerRow = _groupByAll && (perSubject["group_sets"] as JsonArray ?? []).Count == 0;
        if (perRow)
        {
            // Every row read is one subject of one group already: no grouping at all (see PerRowEvidence).
            perSubject["group_expressions"] = new JsonArray();
            perSubject["group_sets"] = new JsonArray();
            perSubject["aggregate_handling"] = AstNames.StandardHandling;
            subjectPerRow = true;
        }
        else if (!_groupByAll)
        {
            // The subject joins the grouping: each row of this query is one subject of one group.
            var groups = perSubject["group_expressions"] as JsonArray ?? [];
            perSubject["group_expressions"] = groups;
            groups.Add((JsonNode)AstNodes.ColumnRef(source.Qualifier, source.Column));
            var sets = perSubject["group_sets"] as JsonArray ?? [];
            if (sets.Count == 0)
            {
                sets.Add((JsonNode)new JsonArray([.. Enumerable.Range(0, groups.Count - 1).Select(g => (JsonNode)g)]));
            }

            ((JsonArray)sets[0]!).Add((JsonNode)(groups.Count - 1));
            perSubject["group_sets"] = sets;
            subjectPerRow = sets.Count == 1;
        }
        string distinct = subjectPerRow ? "" : "DISTINCT ";

        var fold = new StringBuilder("SELECT ");
        foreach (string name in dimensionNames.Concat(keyNames))
        {
            fold.Append(name).Append(", ");
        }

        // Per row, the table holds no NULL subject (PerRowEvidence): counting rows counts subjects, and the fold then
        // never reads the subject column, whose values (long masked tokens) cost more to decode than the query itself.
        string subjects = perRow ? "count(*)" : $"count({distinct}{Name(Subject)})";
        fold.Append(CultureInfo.InvariantCulture, $"{s}::INTEGER AS \"__table\", {subjects}::BIGINT AS {Name(EvidenceRewriter.SubjectsColumn)}");
        foreach (var cell in cells)
        {
            string counted = cell.Counted.Count == 0
                ? subjects
                : $"least({string.Join(", ", cell.Counted.Select(c => $"{subjects} FILTER (WHERE {c})"))})";
            fold.Append(CultureInfo.InvariantCulture, $", {counted}::BIGINT AS \"__n{cell.Ordinal}\"");
            if (cell.Measured is { } m)
            {
                string c = Name(m);
                fold.Append(CultureInfo.InvariantCulture,
                    $", max({c})::DOUBLE AS \"__t1_{cell.Ordinal}\", list_extract(max({c}, 2), 2)::DOUBLE AS \"__t2_{cell.Ordinal}\", sum({c})::DOUBLE AS \"__tt_{cell.Ordinal}\", min({c})::DOUBLE AS \"__tm_{cell.Ordinal}\"");
            }
        }

        string from = $"({Print(perSubject)}) AS \"__p\"({string.Join(", ", names)})";
        fold.Append(" FROM ").Append(from);
        var grouping = dimensionNames.Concat(keyNames).ToList();
        if (grouping.Count > 0)
        {
            fold.Append(" GROUP BY ").Append(string.Join(", ", grouping));
        }

        if (cells.Count == 0)
        {
            return fold.ToString();
        }

        // The subject-set fingerprints of the cells, summed per bucket beside the fold and joined to it by the group.
        var joined = new StringBuilder("SELECT \"__m\".*");
        foreach (var cell in cells)
        {
            joined.Append(CultureInfo.InvariantCulture, $", \"__z\".\"__s{cell.Ordinal}\"");
        }

        // The GROUP BY keys alone tell the groups apart (every shown dimension is a function of them): fewer columns to group by.
        var keys = keyNames.Count > 0 ? keyNames : grouping;
        joined.Append(" FROM (").Append(fold).Append(") AS \"__m\" LEFT JOIN (").Append(Sketches(from, keys, cells, subjectPerRow)).Append(") AS \"__z\" ON ")
            .Append(keys.Count == 0 ? "true" : string.Join(" AND ", keys.Select((g, i) => $"\"__m\".{g} IS NOT DISTINCT FROM \"__z\".{Name($"__g{i}")}")));
        return joined.ToString();
    }

    /// <summary>
    /// Per group (its keys renamed <c>__g0…</c>) and aggregate cell, <c>__s</c>: the subjects the cell counts, summed per
    /// bucket (see the remarks of the class). Each subject is taken once per group (by its hash, as a fingerprint
    /// tells subjects apart) when a row is not already one subject of one group.
    /// </summary>
    private static string Sketches(string from, IReadOnlyList<string> grouping, IReadOnlyList<EvidenceCell> cells, bool subjectPerRow)
    {
        string Counted(EvidenceCell cell) => cell.Counted.Count == 0 ? "true" : $"coalesce({string.Join(" AND ", cell.Counted)}, false)";
        string groups = string.Concat(grouping.Select(g => g + ", "));
        string hashed = $"SELECT {groups}hash({Name(Subject)}) AS \"__h\"{string.Concat(cells.Select(c => $", {Counted(c)} AS \"__f{c.Ordinal}\""))} FROM {from}";
        if (!subjectPerRow)
        {
            hashed = $"SELECT {groups}\"__h\"{string.Concat(cells.Select(c => $", bool_or(\"__f{c.Ordinal}\") AS \"__f{c.Ordinal}\""))} FROM ({hashed}) GROUP BY {groups}\"__h\"";
        }

        var buckets = new StringBuilder("SELECT ").Append(groups).Append("\"__b\" & 4294967295::UBIGINT AS \"__bucket\"");
        foreach (var cell in cells)
        {
            string f = $" FILTER (WHERE \"__f{cell.Ordinal}\")";
            buckets.Append(CultureInfo.InvariantCulture,
                $", count(*){f} AS \"__n{cell.Ordinal}\", bit_xor(\"__h\"){f} AS \"__x{cell.Ordinal}\", bit_xor(\"__b\" >> 32){f} AS \"__y{cell.Ordinal}\"");
        }

        buckets.Append(CultureInfo.InvariantCulture, $" FROM ({SketchBucketSql.WithBucket(hashed)}) GROUP BY {groups}\"__b\" & 4294967295::UBIGINT");

        var sums = new StringBuilder("SELECT ");
        for (int i = 0; i < grouping.Count; i++)
        {
            sums.Append(grouping[i]).Append(" AS ").Append(Name($"__g{i}")).Append(", ");
        }

        sums.Append(string.Join(", ", cells.Select(c =>
            $"flatten(list([\"__bucket\", \"__n{c.Ordinal}\"::UBIGINT, \"__x{c.Ordinal}\", \"__y{c.Ordinal}\"]) FILTER (WHERE \"__n{c.Ordinal}\" > 0)) AS \"__s{c.Ordinal}\"")));
        sums.Append(" FROM (").Append(buckets).Append(')');
        if (grouping.Count > 0)
        {
            sums.Append(" GROUP BY ").Append(string.Join(", ", grouping));
        }

        return sums.ToString();
    }

    private static string Print(JsonObject ast)
    {
        var document = new JsonObject
        {
            ["error"] = false,
            ["statements"] = new JsonArray(new JsonObject { ["node"] = ast.DeepClone(), ["named_param_map"] = new JsonArray() }),
        };
        return SqlAstCodec.Deserialize(document.ToJsonString());
    }

    private static string Name(string identifier) => AstNodes.Quote(identifier);
}
