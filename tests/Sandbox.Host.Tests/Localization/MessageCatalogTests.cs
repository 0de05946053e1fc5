using System.Text.RegularExpressions;
using Sandbox.Contracts.Principals;
using Sandbox.Host.Cli;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Tests.Localization;

/// <summary>The two catalogs hold the same ids with the same placeholders, every id is used, and the Chinese is Chinese.</summary>
public sealed partial class MessageCatalogTests
{
    private static readonly MessageCatalog English = MessageCatalog.Of(UiLanguage.English);
    private static readonly MessageCatalog Chinese = MessageCatalog.Of(UiLanguage.Chinese);

    // Chinese messages that rightly hold no Chinese character: a role name alone.
    private static readonly HashSet<string> NoChineseNeeded = ["access.rule-any"];

    [Fact]
    public void Catalogs_EveryId_InBothLanguagesWithTheSamePlaceholders()
    {
        Assert.Empty(English.Ids.Except(Chinese.Ids).Select(id => $"{id}: no zh-CN text"));
        Assert.Empty(Chinese.Ids.Except(English.Ids).Select(id => $"{id}: no en text"));
        foreach (var id in English.Ids)
        {
            var (en, zh) = (English.Find(id)!, Chinese.Find(id)!);
            Assert.True(MessageCatalog.PlaceholdersOf(en).Order().SequenceEqual(MessageCatalog.PlaceholdersOf(zh).Order()),
                $"{id}: placeholders differ: en '{en}', zh-CN '{zh}'");
            Assert.False(string.IsNullOrEmpty(en), $"{id}: empty en text");
        }
    }

    [Fact]
    public void Chinese_EveryMessage_HoldsChinese()
    {
        var english = Chinese.Ids.Where(id => !NoChineseNeeded.Contains(id) && !Cjk().IsMatch(Chinese.Find(id)!)).ToList();
        Assert.True(english.Count == 0, "left in English in messages.zh-CN.json: " + string.Join(", ", english));
    }

    [Fact]
    public void Catalogs_EveryId_IsUsedAndEveryIdUsedExists()
    {
        var tree = new SandboxCli(TextWriter.Null, TextWriter.Null, TimeProvider.System).Tree();
        var helpKeys = HelpTexts.Keys(tree).Select(k => k.Key).ToHashSet();
        var actions = Enum.GetNames<AccessAction>().Select(a => $"access.action.{a}").ToHashSet();
        var sources = string.Join('\n', Directory.EnumerateFiles(Path.Combine(TestHome.RepositoryRoot, "src", "Sandbox.Host"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Select(File.ReadAllText));
        var literals = Literal().Matches(sources).Select(m => m.Groups[1].Value).ToHashSet();
        var families = English.Ids.Select(id => id.Split('.', ':')[0]).ToHashSet();

        // Every help text belongs to a symbol of the tree and every symbol has one; every access action has its phrase.
        Assert.Empty(helpKeys.Except(English.Ids).Select(k => $"{k}: no help text"));
        Assert.Empty(English.Ids.Where(id => id.StartsWith("help:", StringComparison.Ordinal)).Except(helpKeys).Select(k => $"{k}: no such command, option or argument"));
        Assert.Empty(actions.Except(English.Ids).Select(k => $"{k}: no phrase"));
        // Every other id is named in the code, and every id-shaped literal of the code is in the catalog.
        // Table headers are named by their column: Headers("job", "state") reads cli.column.job and cli.column.state.
        // The states a grant may be refused in are read from the catalog by their English words (ReasonText), and so are
        // the libraries' sentences of the shape families (EnglishShapes; EnglishShapesTests holds each to a real one).
        var unused = English.Ids.Where(id => !id.StartsWith("help:", StringComparison.Ordinal) && !actions.Contains(id) && !literals.Contains(id)
            && !id.StartsWith("reason.state.", StringComparison.Ordinal)
            && !EnglishShapes.Families.Any(f => id.StartsWith(f, StringComparison.Ordinal))
            && !(id.StartsWith("cli.column.", StringComparison.Ordinal) && sources.Contains($"\"{id["cli.column.".Length..]}\"", StringComparison.Ordinal))).ToList();
        Assert.True(unused.Count == 0, "unused ids: " + string.Join(", ", unused));
        var missing = literals.Where(l => families.Contains(l.Split('.')[0]) && l.Contains('.', StringComparison.Ordinal) && English.Find(l) is null
            && !l.StartsWith("access.action.", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "ids used but not in the catalog: " + string.Join(", ", missing));
    }

    [Fact]
    public void HelpTexts_WrittenInCode_AreTheEnglishCatalogs()
    {
        var tree = new SandboxCli(TextWriter.Null, TextWriter.Null, TimeProvider.System).Tree();
        foreach (var (key, symbol) in HelpTexts.Keys(tree).Where(k => !string.IsNullOrEmpty(k.Symbol.Description)))
        {
            Assert.True(symbol.Description == English.Find(key), $"{key}: the code says '{symbol.Description}', messages.en.json '{English.Find(key)}': keep them equal");
        }
    }

    [Fact]
    public void AccessRefusal_InEnglish_IsTheAuthorizersReasonWordForWord()
    {
        var principals = new[]
        {
            new Principal("zijin-analyst", "analyst", [Role.Operator], "zijin-credit"),
            new Principal("gov-reviewer", "reviewer", [Role.Governance], null),
            new Principal("city-auditor", "auditor", [Role.Auditor], null),
            new Principal("nobody", "nobody", [], null),
        };
        var elsewhere = AccessResource.Of("harbor-data");
        foreach (var principal in principals)
        {
            foreach (var action in Enum.GetValues<AccessAction>())
            {
                var decision = Authorizer.Decide(principal, action, elsewhere);
                if (decision.Allowed) continue;
                Assert.Equal(decision.Reason, AccessRefusal.Of(principal, action).ToString());
                var chinese = AccessRefusal.Of(principal, action).In(UiLanguage.Chinese);
                Assert.StartsWith($"{principal.Id} 无权", chinese);
                Assert.Matches(Cjk(), chinese);
            }
        }
    }

    [Theory]
    [InlineData("zh_CN.UTF-8", "zh-CN")]
    [InlineData("zh_CN", "zh-CN")]
    [InlineData("zh", "zh-CN")]
    [InlineData("zh_CN.GB18030", "zh-CN")]
    [InlineData("en_US.UTF-8", "en")]
    [InlineData("C.UTF-8", "en")]
    [InlineData("POSIX", "en")]
    [InlineData("fr_FR.UTF-8", "en")]
    public void Language_FromLang_ChineseLocalesAreChinese(string lang, string expected)
    {
        Assert.Equal(expected, UiLanguage.FromEnvironment(name => name == "LANG" ? lang : null).Tag);
    }

    [Fact]
    public void Language_LcAll_OutranksLcMessagesAndLang()
    {
        var environment = new Dictionary<string, string> { ["LC_ALL"] = "C", ["LC_MESSAGES"] = "zh_CN.UTF-8", ["LANG"] = "zh_CN.UTF-8" };
        Assert.Equal(UiLanguage.English, UiLanguage.FromEnvironment(environment.GetValueOrDefault));
        environment.Remove("LC_ALL");
        Assert.Equal(UiLanguage.Chinese, UiLanguage.FromEnvironment(environment.GetValueOrDefault));
        Assert.Equal(UiLanguage.English, UiLanguage.FromEnvironment(_ => null));
    }

    // A CJK ideograph, or CJK / full-width punctuation.
    [GeneratedRegex(@"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")]
    private static partial Regex Cjk();

    // A string literal shaped like a message id: family.name[.more], lower case and dashes (access.action.* are built).
    [GeneratedRegex(@"""([a-z]+(?:\.[a-zA-Z0-9-]+)+)""")]
    private static partial Regex Literal();
}
