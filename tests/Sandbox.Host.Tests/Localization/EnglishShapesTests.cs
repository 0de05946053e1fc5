using System.Text.RegularExpressions;
using Sandbox.Export.Checks;
using Sandbox.Export.Review;
using Sandbox.Host.Localization;
using Sandbox.Policy.Calendar;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Lifecycle;

namespace Sandbox.Host.Tests.Localization;

/// <summary>
/// The libraries' English sentences read back by shape: each shape of the catalog is told apart from every other, its
/// English comes back word for word, its Chinese is Chinese; real sentences of the review rules and the lifecycle are read.
/// </summary>
public sealed partial class EnglishShapesTests
{
    private static readonly MessageCatalog English = MessageCatalog.Of(UiLanguage.English);

    public static TheoryData<string> ShapeIds => [.. English.Ids.Where(id => EnglishShapes.Families.Any(f => id.StartsWith(f, StringComparison.Ordinal)) && !id.StartsWith("term.", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(ShapeIds))]
    public void Read_EveryShape_ItsOwnIdEnglishWordForWordChineseInChinese(string id)
    {
        // Sample values: a word for one-word placeholders, a list where a list goes, a phrase elsewhere.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = Placeholder().Replace(English.Find(id)!, m => m.Groups[1].Value switch
        {
            "list" => "row 1, column a; row 2, column b",
            "states" or "names" => "alpha or beta",
            var name => values.TryGetValue(name, out var v) ? v : values[name] = $"v{values.Count}",
        });
        var message = EnglishShapes.Read(text);
        Assert.NotNull(message);
        Assert.Equal(id, message.Id);
        Assert.Equal(text, message.In(UiLanguage.English));
        Assert.Matches(Cjk(), message.In(UiLanguage.Chinese));
    }

    [Fact]
    public void Read_RealReviewAndLifecycleRefusals_AreRead()
    {
        var reasons = new List<string>
        {
            ReviewRules.Release(ExportState.Checked).Reason!,
            ReviewRules.Withdraw(ExportState.Released, "a", "a").Reason!,
            ReviewRules.Resubmit(ExportState.Approved, "a", "a").Reason!,
            ReviewRules.Withdraw(ExportState.Checked, "a", "b").Reason!,
        };
        var period = new GrantPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var facts = new LifecycleFacts("g-1", new DateOnly(2026, 6, 1), period, null, WorkingCalendar.WeekendsOnly);
        reasons.Add(GrantLifecycle.Decide(GrantState.Active, GrantAction.Resume, facts).Reason!);
        reasons.Add(GrantLifecycle.Decide(GrantState.Terminated, GrantAction.Suspend, facts).Reason!);
        reasons.Add(GrantLifecycle.Decide(GrantState.Publicized, GrantAction.Activate, facts).Reason!);
        reasons.Add(GrantLifecycle.Decide(GrantState.Suspended, GrantAction.Resume, facts with { Today = new DateOnly(2027, 1, 5) }).Reason!);
        reasons.Add(GrantLifecycle.Decide(GrantState.Publicized, GrantAction.Activate, facts with { PublicizedOn = new DateOnly(2026, 5, 29) }).Reason!);
        foreach (var reason in reasons)
        {
            var message = EnglishShapes.Read(reason);
            Assert.True(message is not null, $"no shape reads: {reason}");
            Assert.Equal(reason, message.In(UiLanguage.English));
            var chinese = message.In(UiLanguage.Chinese);
            Assert.DoesNotMatch("[a-z]{3,} [a-z]{3,} [a-z]{3,}", chinese.Replace("g-1", "", StringComparison.Ordinal));
        }
        Assert.Equal("授权 g-1 处于“终止”状态：只有处于“生效”状态时才能暂停", EnglishShapes.Read(reasons[5])!.In(UiLanguage.Chinese));
    }

    [Fact]
    public void Read_YamlSyntaxAndFilesRule_EverySentenceTheLibrariesWriteIsRead()
    {
        var sentences = new List<string>(Sandbox.Documents.YamlSyntax.Sentences);
        foreach (var files in new[] { "", new string('a', 2000), "a\u0001b", "a\\b", "/etc", "~/x", "code/../..", })
        {
            sentences.Add(Sandbox.Policy.Jobs.JobFilesSyntax.Problem(files)!);
        }
        foreach (var sentence in sentences)
        {
            var message = EnglishShapes.Read(sentence);
            Assert.True(message is not null, $"no shape reads: {sentence}");
            Assert.Equal(sentence, message.In(UiLanguage.English));
            Assert.Matches(Cjk(), message.In(UiLanguage.Chinese));
            Assert.DoesNotMatch("[a-z]{3,} [a-z]{3,} [a-z]{3,}", message.In(UiLanguage.Chinese));
        }
    }

    [Fact]
    public void Read_ImageTrustRefusalAsAJobReason_IsChinese()
    {
        const string reason = "refused: image 'sandbox/python' changed: the engine has sha256:aa, this home recorded sha256:bb (rebuild with `sandbox image build`)";
        Assert.Equal(reason, ReasonText.Localize(reason, MessageCatalog.Of(UiLanguage.English)));
        Assert.Equal("已拒绝：镜像“sandbox/python”已变更：容器引擎中为 sha256:aa，本主目录记录的是 sha256:bb（请用 `sandbox image build` 重新构建）",
            ReasonText.Localize(reason, MessageCatalog.Of(UiLanguage.Chinese)));
        Assert.Equal("已拒绝：镜像“x/y”不在批准清单上（policies/images.yaml：没有批准任何镜像）",
            ReasonText.Localize("refused: image 'x/y' is not on the approved list (policies/images.yaml: none are approved)", MessageCatalog.Of(UiLanguage.Chinese)));
    }

    [Fact]
    public void Localize_NoKnownShape_ShownAsWrittenInBothLanguages()
    {
        const string other = "column t.c is referenced in some way no shape knows";
        Assert.Null(EnglishShapes.Read(other));
        Messages.Current = UiLanguage.Chinese;
        Assert.Equal(other, EnglishShapes.Localize(other));
        Messages.Current = UiLanguage.English;
        Assert.Equal(CheckStatus.Pass.ToString(), EnglishShapes.Localize(CheckStatus.Pass.ToString()));
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")]
    private static partial Regex Cjk();
}
