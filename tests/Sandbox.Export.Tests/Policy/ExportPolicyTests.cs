using Sandbox.Documents;
using Sandbox.Export.Policy;

namespace Sandbox.Export.Tests.Policy;

public sealed class ExportPolicyTests
{
    [Fact]
    public void Defaults_ComeFromTheDocument()
    {
        var options = ExportPolicy.Defaults.Options;

        Assert.Equal(10, options.Threshold);
        Assert.Equal(0.9, options.DominanceShare);
        Assert.Equal(0.1, options.PRatio);
        Assert.Equal(16L * 1024 * 1024, options.MaxBytes);
        Assert.Equal(5000, options.MaxRows);
        Assert.Equal(10, options.MinResidualDof);
        Assert.Equal(64, ExportPolicy.Defaults.Sha256.Length);
    }

    [Fact]
    public void Tighten_StricterValues_AreAppliedAndChangeTheHash()
    {
        var policy = ExportPolicy.Defaults.Tighten("threshold: 20\ndominance: { nk: 80, p: 15 }\nfile: { maxRows: 100, types: [csv] }\n", "g.yaml");

        Assert.Equal(20, policy.Options.Threshold);
        Assert.Equal(0.8, policy.Options.DominanceShare);
        Assert.Equal(0.15, policy.Options.PRatio);
        Assert.Equal(100, policy.Options.MaxRows);
        Assert.Equal(["csv"], policy.Options.AllowedTypes);
        Assert.NotEqual(ExportPolicy.Defaults.Sha256, policy.Sha256);
    }

    [Fact]
    public void Tighten_LooserOrUnknownValues_AreAllReportedWithFileLineAndField()
    {
        var error = Assert.Throws<PolicyDocumentException>(() => ExportPolicy.Defaults.Tighten(
            "threshold: 5\ndominance:\n  nk: 95\nfile:\n  types: [csv, exe]\ncolour: red\n", "grants/x.yaml"));

        Assert.Equal(
        [
            "grants/x.yaml:1: threshold: 5 would loosen the default of 10; a grant may only tighten (raise it)",
            "grants/x.yaml:3: dominance.nk: 95 would loosen the default of 90; a grant may only tighten (lower it)",
            "grants/x.yaml:5: file.types: exe would loosen the default; a grant may only remove types",
            "grants/x.yaml:6: colour: unknown key 'colour' (expected threshold, dominance, dof, model, rowLevel, file)",
        ], error.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Tighten_AGrantsExportSection_NamesTheGrantDocumentsLinesAndAMistypedKey()
    {
        var error = Assert.Throws<PolicyDocumentException>(() => ExportPolicy.Defaults.Tighten(
            "id: g\nexport:\n  treshold: 20\n  model: { maxGap: many }\n", "grants/g.yaml", "export"));

        Assert.Equal(
        [
            "grants/g.yaml:3: export.treshold: unknown key 'treshold' (did you mean 'threshold'? expected threshold, dominance, dof, model, rowLevel, file)",
            "grants/g.yaml:4: export.model.maxGap: expected a whole number from 1 to 100",
        ], error.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("threshold: [10]\n", "threshold: expected a whole number from 1 to 2147483647")]
    [InlineData("dominance: 90\n", "dominance: expected a mapping")]
    [InlineData("file: { types: [csv, [png]] }\n", "file.types: expected a list of file types")]
    public void Tighten_AValueOfTheWrongShape_IsAnErrorNotACrash(string yaml, string message)
    {
        var error = Assert.Throws<PolicyDocumentException>(() => ExportPolicy.Defaults.Tighten(yaml, "x.yaml"));

        Assert.Contains(message, error.Errors.Single().ToString(), StringComparison.Ordinal);
    }
}
