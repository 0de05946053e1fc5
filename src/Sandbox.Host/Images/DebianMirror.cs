namespace Sandbox.Host.Images;

/// <summary>The Debian mirror this machine's apt already uses: the only package source our machines can reach.</summary>
internal static class DebianMirror
{
    private const string Fallback = "http://deb.debian.org/debian";

    /// <summary><c>$SANDBOX_DEBIAN_MIRROR</c>, else the first apt source for the suite, else deb.debian.org.</summary>
    public static string Find(string suite)
    {
        if (Environment.GetEnvironmentVariable("SANDBOX_DEBIAN_MIRROR") is { Length: > 0 } configured) return configured;
        var files = new List<string>();
        if (File.Exists("/etc/apt/sources.list")) files.Add("/etc/apt/sources.list");
        if (Directory.Exists("/etc/apt/sources.list.d"))
        {
            files.AddRange(Directory.GetFiles("/etc/apt/sources.list.d").Where(f => f.EndsWith(".list", StringComparison.Ordinal) || f.EndsWith(".sources", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            // One-line style: deb [options] URI suite components…
            foreach (var words in lines.Where(l => l.StartsWith("deb ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                var rest = words.SkipWhile(w => w == "deb" || w.StartsWith('[') || (w.EndsWith(']') && !w.Contains("://", StringComparison.Ordinal))).ToList();
                if (rest.Count >= 2 && rest[1] == suite) return rest[0];
            }
            // deb822 style: stanzas with URIs: and Suites:
            foreach (var stanza in string.Join('\n', File.ReadAllLines(file)).Split("\n\n"))
            {
                var fields = stanza.Split('\n').Where(l => l.Contains(':', StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'))
                    .Select(l => (Key: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                    .GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
                if (fields.TryGetValue("URIs", out var uris) && fields.TryGetValue("Suites", out var suites)
                    && suites.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(suite))
                {
                    return uris.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                }
            }
        }
        return Fallback;
    }
}
