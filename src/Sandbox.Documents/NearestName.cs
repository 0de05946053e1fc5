namespace Sandbox.Documents;

/// <summary>The known name a mistyped one was most likely meant to be: <c>query</c> → <c>queries</c>, <c>limts</c> → <c>limits</c>.</summary>
public static class NearestName
{
    /// <summary>The closest of <paramref name="candidates"/> by edit distance (at most 2, or a prefix either way); null when none is close.</summary>
    public static string? Of(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        var lower = word.ToLowerInvariant();
        var best = candidates.Select(c => (Name: c, Distance: Distance(lower, c.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault();
        if (best.Name is null) return null;
        if (best.Distance <= 2) return best.Name;
        return candidates.FirstOrDefault(c => lower.Length >= 3 && (c.StartsWith(lower, StringComparison.OrdinalIgnoreCase) || lower.StartsWith(c, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
