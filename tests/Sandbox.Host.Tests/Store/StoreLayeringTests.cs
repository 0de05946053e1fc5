using System.Text.RegularExpressions;

namespace Sandbox.Host.Tests.Store;

/// <summary>
/// The store is the bottom of the host: <c>Sandbox.Host.Store</c> names no other host namespace (only the Contracts,
/// Policy and Export domain types), nothing outside it touches SQLite, and the namespaces that sit on it (Audit, Home,
/// Governance, Policies, Images) import one another without a loop. This scans the sources for every reference a file
/// makes to a host namespace: its <c>using</c> lines and its qualified names (<c>Home.SandboxSession</c>,
/// <c>Sandbox.Host.Exports.X</c>).
/// </summary>
public sealed partial class StoreLayeringTests
{
    private static readonly string Host = Path.Combine(RepositoryRoot(), "src", "Sandbox.Host");

    /// <summary>The namespaces that once imported one another in a loop; Store first, at the bottom.</summary>
    private static readonly string[] Layered = ["Store", "Audit", "Home", "Governance", "Policies", "Images"];

    [Fact]
    public void Store_ReferencesNoOtherHostNamespace()
    {
        var found = References("Store").Where(r => r.Namespace != "Store").Select(r => $"{r.Where} -> Sandbox.Host.{r.Namespace}").ToList();

        Assert.True(found.Count == 0, "the store depends on the host above it:\n" + string.Join('\n', found));
    }

    [Fact]
    public void Home_SitsOnTheStoreAndTheMessagesAlone()
    {
        var found = References("Home").Where(r => r.Namespace is not ("Home" or "Store" or "Localization")).Select(r => $"{r.Where} -> Sandbox.Host.{r.Namespace}").ToList();

        Assert.True(found.Count == 0, "the home depends on the host above it:\n" + string.Join('\n', found));
    }

    [Fact]
    public void Localization_ReferencesNoOtherHostNamespace()
    {
        var found = References("Localization").Where(r => r.Namespace != "Localization").Select(r => $"{r.Where} -> Sandbox.Host.{r.Namespace}").ToList();

        Assert.True(found.Count == 0, "the message catalog depends on the host above it:\n" + string.Join('\n', found));
    }

    [Fact]
    public void LayeredNamespaces_ImportOneAnotherWithoutALoop()
    {
        var edges = Layered.ToDictionary(n => n, n => References(n).Where(r => r.Namespace != n && Layered.Contains(r.Namespace)).ToList());

        var cycle = FindCycle(edges.ToDictionary(e => e.Key, e => e.Value.Select(r => r.Namespace).Distinct().ToList()));

        Assert.True(cycle is null, "import loop " + string.Join(" -> ", cycle ?? []) + ":\n"
            + string.Join('\n', (cycle ?? []).Zip((cycle ?? []).Skip(1)).SelectMany(p => edges[p.First].Where(r => r.Namespace == p.Second).Select(r => r.Where))));
    }

    [Fact]
    public void OnlyTheStore_TouchesSqliteOrItsStoredNames()
    {
        var found = Directory.EnumerateFiles(Host, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && !Path.GetRelativePath(Host, f).StartsWith("Store" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (Line: line, Where: $"{Path.GetRelativePath(Host, f)}:{i + 1}")))
            .Where(l => Sqlite().IsMatch(l.Line))
            .Select(l => $"{l.Where}: {l.Line.Trim()}").ToList();

        Assert.True(found.Count == 0, "SQL connections, transactions and stored names belong to the store (use IControlStore, IStoreChange and the vocabularies):\n" + string.Join('\n', found));
    }

    [Fact]
    public void Scan_SeesUsingsQualifiedNamesAndLoops()
    {
        // The scan itself must see each kind of reference, or the facts above prove nothing.
        var sample = """
            using Sandbox.Host.Audit;
            using Sandbox.Host.Governance.Requests;
            var x = Home.SandboxSession.Administrator; var y = Sandbox.Host.Images.ApprovedImages.BuiltIn;
            var z = session.Home.Root; // a member access, not a namespace
            """;

        Assert.Equal(["Audit", "Governance", "Home", "Images"], ReferencesIn(sample).Select(r => r.Namespace).Order(StringComparer.Ordinal));
        Assert.Equal(["Store", "Audit", "Store"], FindCycle(new() { ["Store"] = ["Audit"], ["Audit"] = ["Store"] }));
        Assert.Null(FindCycle(new() { ["Audit"] = ["Store"], ["Store"] = [] }));
        Assert.Matches(Sqlite(), "using var tx = connection.BeginTransaction() as SqliteTransaction;");
        Assert.Matches(Sqlite(), "var stored = StoreNames.Of(grant.State);");
        Assert.Contains(References("Audit"), r => r.Namespace == "Store");
    }

    /// <summary>Every reference the sources of folder <paramref name="folder"/> make to a host namespace.</summary>
    private static List<(string Namespace, string Where)> References(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(Host, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .SelectMany(f => ReferencesIn(File.ReadAllText(f)).Select(r => (r.Namespace, Where: $"{Path.GetRelativePath(Host, f)}:{r.Line}: {r.Text}")))];

    private static IEnumerable<(string Namespace, int Line, string Text)> ReferencesIn(string source)
    {
        var namespaces = Directory.Exists(Host)
            ? Directory.EnumerateDirectories(Host).Select(Path.GetFileName).Where(n => n is not ("bin" or "obj")).ToHashSet(StringComparer.Ordinal)
            : [];
        namespaces.UnionWith(Layered);
        foreach (Match m in Reference().Matches(source))
        {
            var name = m.Groups["using"].Success ? m.Groups["using"].Value : m.Groups["qualified"].Value;
            if (!namespaces.Contains(name!)) continue;
            var line = source.AsSpan(0, m.Index).Count('\n') + 1;
            if (source.Split('\n')[line - 1].TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
            yield return (name!, line, m.Value.Trim());
        }
    }

    /// <summary>A loop in <paramref name="edges"/> as the namespaces it passes, first repeated at the end; null when there is none.</summary>
    private static List<string>? FindCycle(Dictionary<string, List<string>> edges)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0) return [.. path[at..], node];
            if (!done.Add(node)) return null;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }

        return edges.Keys.Select(Visit).FirstOrDefault(c => c is not null);
    }

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sandbox.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("not inside the Sandbox repository");
    }

    // `using Sandbox.Host.X…;`, or a name qualified by a host namespace: `Sandbox.Host.X.Y` or, inside the host, `X.Y`
    // (not after a dot or a word character, so `session.Home.Root` is a member access, not a namespace).
    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?Sandbox\.Host\.(?<using>\w+)[\w.]*\s*;|(?<![\w.])(?:Sandbox\.Host\.)?(?<qualified>[A-Z]\w*)\.[A-Z]\w*", RegexOptions.Multiline)]
    private static partial Regex Reference();

    [GeneratedRegex(@"\bSqlite(Connection|Transaction|Command|DataReader|Parameter)\b|Microsoft\.Data\.Sqlite|\bStoreNames\.")]
    private static partial Regex Sqlite();
}
