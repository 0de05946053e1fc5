using System.Text.RegularExpressions;
using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Export.Review;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Tests.Contracts;

/// <summary>
/// A state, an audit action, an export's stored state or a syntax-tree name is spelled in its vocabulary and nowhere else: this scans the
/// sources for a string literal that spells one, so a new <c>"job.finsh"</c> or <c>State == "succeded"</c> fails here
/// instead of drifting silently past the monitor and the ledger.
/// </summary>
public sealed partial class VocabularySpellingTests
{
    private static readonly string Src = Path.Combine(RepositoryRoot(), "src");

    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Src, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Src, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Source_SpellsNoVocabularyWordOutsideItsVocabulary(string relative)
    {
        var text = File.ReadAllText(Path.Combine(Src, relative));
        var words = WordsFor(relative, walksTheSyntaxTree: text.Contains("JsonNode", StringComparison.Ordinal));
        var lines = text.Split('\n');
        var contracts = relative.StartsWith("Sandbox.Contracts", StringComparison.Ordinal);
        var found = Literal().Matches(text).Concat(SqlLiteral().Matches(text))
            .Select(m => (Line: text.AsSpan(0, m.Index).Count('\n') + 1, Value: m.Groups[1].Value))
            .Where(l => !lines[l.Line - 1].TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Where(l => words.Contains(l.Value) || (!contracts && l.Value.EndsWith(AuditActions.RefusedSuffix, StringComparison.Ordinal)))
            .Select(l => $"{relative}:{l.Line}: \"{l.Value}\"").ToList();

        Assert.True(found.Count == 0, "spelled outside its vocabulary (use JobState, GrantState, ExportState, AuditActions or AstNames):\n" + string.Join('\n', found));
    }

    [Fact]
    public void Scan_FindsAMisspelledStateOrAction()
    {
        // The scan itself must see a literal in ordinary code, or the theory above proves nothing.
        var sample = """if (job.State == "succeeded") store.Record(actor, "job.finish", id, new { });""";

        Assert.Equal(["succeeded", "job.finish"], Literal().Matches(sample).Select(m => m.Groups[1].Value));
        Assert.Equal(["queued"], SqlLiteral().Matches("\"SELECT id FROM jobs WHERE state = 'queued'\"").Select(m => m.Groups[1].Value));
        Assert.NotEmpty(Sources());
    }

    private static HashSet<string> WordsFor(string relative, bool walksTheSyntaxTree)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (!relative.StartsWith("Sandbox.Contracts", StringComparison.Ordinal))
        {
            words.UnionWith(AuditActions.All);
            words.UnionWith(JobStates.Vocabulary.Names);
            words.UnionWith(Enum.GetNames<ExportState>());
        }
        // DuckDB's syntax-tree names are spelled once, in AstNames, for every walker (code that reads JsonNode trees).
        if (walksTheSyntaxTree && !relative.EndsWith($"Queries{Path.DirectorySeparatorChar}AstNames.cs", StringComparison.Ordinal))
        {
            words.UnionWith(typeof(Sandbox.Policy.Queries.AstNames).GetFields().Select(f => (string)f.GetRawConstantValue()!));
        }
        // Grant states are also English words the policy's sentences use; the host decides by the enum only.
        if (relative.StartsWith("Sandbox.Host", StringComparison.Ordinal)) words.UnionWith(GrantStates.Vocabulary.Names);
        return words;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sandbox.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("not inside the Sandbox repository");
    }

    [GeneratedRegex("\"((?:[^\"\\\\\\n]|\\\\.)*)\"")]
    private static partial Regex Literal();

    // A word quoted for SQL inside a C# string ('queued', 'grant.suspend').
    [GeneratedRegex("'([A-Za-z][A-Za-z.-]+)'")]
    private static partial Regex SqlLiteral();
}
