using Sandbox.Contracts.Evidence;
using Sandbox.Export.Checks;
using Sandbox.Export.Models;

namespace Sandbox.Export.Tests.Models;

public sealed class ModelRulesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ModelEvidence Sound() => new()
    {
        Task = "binary",
        Trainer = "fasttree",
        Family = "trees",
        TrainingRows = 1000,
        HoldoutRows = 250,
        RowsPerClass = [600, 400],
        LeafRows = [0, 40, 300, 660],
        Features = [new ModelFeature("district", "categorical", 5, false, false), new ModelFeature("age", "numeric", 50, false, false)],
        LossName = "log-loss",
        TrainLoss = 0.40,
        HoldoutLoss = 0.43,
        TrainConfidence = 0.70,
        HoldoutConfidence = 0.68,
    };

    private static CheckResult Rule(IReadOnlyList<CheckResult> checks, string name) => checks.Single(c => c.Rule == name);

    private string Model(string name = "model.zip")
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, [0x50, 0x4b, 3, 4]);
        return path;
    }

    [Fact]
    public void Check_SoundModel_PassesEveryRuleButStillGoesToReview()
    {
        var report = DisclosureChecker.Check(Model(), new CheckOptions { Model = Sound() });

        Assert.Equal(CheckStatus.Review, report.Verdict);
        Assert.Equal(CheckStatus.Review, Rule(report.Checks, "file").Status);
        foreach (var name in new[] { ModelRules.Rows, ModelRules.Dof, ModelRules.Leaves, ModelRules.Features }) Assert.Equal(CheckStatus.Pass, Rule(report.Checks, name).Status);
        Assert.Equal(CheckStatus.Review, Rule(report.Checks, ModelRules.Membership).Status);
    }

    [Fact]
    public void Check_ContainerModelWithoutEvidence_AsksForReviewOnEveryModelRule()
    {
        var report = DisclosureChecker.Check(Model("model.pkl"), new CheckOptions());

        Assert.Equal(CheckStatus.Review, report.Verdict);
        Assert.All(ModelRules.Names, n => Assert.Equal(CheckStatus.Review, Rule(report.Checks, n).Status));
    }

    [Fact]
    public void Check_ZipWithoutRunnerEvidence_IsStillADisallowedType()
    {
        var report = DisclosureChecker.Check(Model(), new CheckOptions());

        Assert.Equal(CheckStatus.Fail, Rule(report.Checks, "file").Status);
    }

    [Fact]
    public void Check_EightRowsAndASmallClass_FailRows()
    {
        var checks = ModelRules.Check(Sound() with { TrainingRows = 8, RowsPerClass = [5, 3] }, new CheckOptions());

        Assert.Equal(CheckStatus.Fail, Rule(checks, ModelRules.Rows).Status);
        Assert.Contains("trained on 8 rows, fewer than 100", Rule(checks, ModelRules.Rows).Detail, StringComparison.Ordinal);
        Assert.Contains("2 of 2 classes", Rule(checks, ModelRules.Rows).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LinearModelWithFewResidualDegrees_FailsDof()
    {
        var checks = ModelRules.Check(Sound() with { Family = "linear", Trainer = "sdca", TrainingRows = 120, Parameters = 115, LeafRows = [] }, new CheckOptions());

        Assert.Equal(CheckStatus.Fail, Rule(checks, ModelRules.Dof).Status);
        Assert.Contains("leave 5 residual degrees of freedom", Rule(checks, ModelRules.Dof).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LeafOnOneRow_FailsLeaves_AndUnreachedLeavesDoNotCount()
    {
        var options = new CheckOptions();

        Assert.Equal(CheckStatus.Fail, Rule(ModelRules.Check(Sound() with { LeafRows = [1, 999] }, options), ModelRules.Leaves).Status);
        Assert.Equal(CheckStatus.Pass, Rule(ModelRules.Check(Sound() with { LeafRows = [0, 1000] }, options), ModelRules.Leaves).Status);
    }

    [Theory]
    [InlineData(true, false, "categorical", 2)]
    [InlineData(false, true, "numeric", 2)]
    [InlineData(false, false, "categorical", 990)]
    public void Check_IdentifyingFeature_FailsFeatures(bool token, bool subject, string kind, long distinct)
    {
        var checks = ModelRules.Check(Sound() with { Features = [new ModelFeature("x", kind, distinct, token, subject)] }, new CheckOptions());

        Assert.Equal(CheckStatus.Fail, Rule(checks, ModelRules.Features).Status);
        Assert.Equal(["x" + (token ? " (keyed token)" : subject ? " (subject identifier)" : " (a distinct value for nearly every row)")], Rule(checks, ModelRules.Features).Cells);
    }

    [Fact]
    public void Check_OverfitModel_FailsMembership_AndTheGapIsPolicy()
    {
        var overfit = Sound() with { TrainConfidence = 0.97, HoldoutConfidence = 0.55, TrainLoss = 0.05, HoldoutLoss = 1.9 };

        Assert.Equal(CheckStatus.Fail, Rule(ModelRules.Check(overfit, new CheckOptions()), ModelRules.Membership).Status);
        Assert.Equal(CheckStatus.Review, Rule(ModelRules.Check(overfit, new CheckOptions { MaxMembershipGap = 0.5 }), ModelRules.Membership).Status);
    }

    [Fact]
    public void Check_RegressionGap_IsRelativeLoss()
    {
        var regression = Sound() with { Task = "regression", TrainConfidence = null, HoldoutConfidence = null, LossName = "mse", TrainLoss = 10, HoldoutLoss = 100 };

        var membership = Rule(ModelRules.Check(regression, new CheckOptions()), ModelRules.Membership);

        Assert.Equal(CheckStatus.Fail, membership.Status);
        Assert.Contains("relative gap 0.9", membership.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBeside_ReadsTheRunnersJson()
    {
        var model = Model();
        File.WriteAllText(model + ModelEvidence.Suffix, """{"task":"binary","family":"trees","trainingRows":5,"leafRows":[2,3],"holdoutLoss":"NaN","features":[{"name":"a","kind":"numeric","distinct":2,"tokenLike":false,"subjectColumn":true}]}""");

        var evidence = ModelEvidenceFile.ReadBeside(model)!;

        Assert.Equal(5, evidence.TrainingRows);
        Assert.True(double.IsNaN(evidence.HoldoutLoss));
        Assert.True(evidence.Features[0].SubjectColumn);
        Assert.Null(ModelEvidenceFile.ReadBeside(Path.Combine(_dir.Path, "other.zip")));
    }
}
