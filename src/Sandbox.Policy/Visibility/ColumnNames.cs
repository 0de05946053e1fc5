namespace Sandbox.Policy.Visibility;

/// <summary>Output column names as DuckDB gives them, so a reference from an outer query binds where DuckDB binds it.</summary>
internal static class ColumnNames
{
    /// <summary>
    /// DuckDB's de-duplication of a query's output names (<c>QueryResult::DeduplicateColumns</c>): a repeated name
    /// gets <c>_1</c>, <c>_2</c> … (case-insensitively), skipping suffixed names that are already taken.
    /// </summary>
    public static List<string> Deduplicate(IReadOnlyList<string> names)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>(names.Count);
        foreach (var name in names)
        {
            if (!counts.TryGetValue(name, out var seen))
            {
                counts[name] = 1;
                result.Add(name);
                continue;
            }

            var candidate = $"{name}_{seen}";
            while (counts.ContainsKey(candidate))
            {
                seen++;
                candidate = $"{name}_{seen}";
            }

            counts[name] = seen + 1;
            counts[candidate] = 1;
            result.Add(candidate);
        }

        return result;
    }
}
