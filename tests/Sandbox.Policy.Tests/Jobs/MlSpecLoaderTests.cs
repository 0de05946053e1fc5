using Sandbox.Documents;
using Sandbox.Policy.Jobs;

namespace Sandbox.Policy.Tests.Jobs;

public sealed class MlSpecLoaderTests
{
    private const string File = "jobs/model.yaml";

    private const string MlJob = """
        grant: nj-credit-2026
        kind: ml
        task: binary
        query: select district, industry, registered_capital > 400 as big from enterprise_registry
        label: big
        features: [district, industry]
        trainer: fasttree
        parameters: { trees: 50, leaves: 8, min-leaf: 20 }
        holdout: 0.3
        seed: 42
        """;

    private static IReadOnlyList<PolicyError> Errors(string yaml) =>
        Assert.Throws<PolicyDocumentException>(() => JobSpecLoader.Load(File, yaml)).Errors;

    [Fact]
    public void Load_MlJob_ReadsEveryField()
    {
        var ml = JobSpecLoader.Load(File, MlJob).Ml!;

        Assert.Equal(("binary", "fasttree", "big", 0.3, 42, 4), (ml.Task, ml.Trainer, ml.Label, ml.Holdout, ml.Seed, ml.QueryLine));
        Assert.Equal(["district", "industry"], ml.Features);
        Assert.Equal(50, ml.Parameters["trees"]);
        Assert.Null(ml.Predict);
    }

    [Fact]
    public void Load_Defaults_HoldoutAndSeed()
    {
        var ml = JobSpecLoader.Load(File, MlJob.Replace("holdout: 0.3\n", "").Replace("\nseed: 42", "")).Ml!;

        Assert.Equal((0.2, 1), (ml.Holdout, ml.Seed));
    }

    [Theory]
    [InlineData("task: binary", "task: ranking", "task", 3)]
    [InlineData("trainer: fasttree", "trainer: kmeans", "trainer", 7)]
    [InlineData("holdout: 0.3", "holdout: 0.9", "holdout", 9)]
    [InlineData("seed: 42", "seed: -1", "seed", 10)]
    [InlineData("features: [district, industry]", "features: [district, big]", "features", 6)]
    [InlineData("features: [district, industry]", "features: [district, district]", "features", 6)]
    [InlineData("parameters: { trees: 50, leaves: 8, min-leaf: 20 }", "parameters: { trees: many }", "parameters.trees", 8)]
    [InlineData("parameters: { trees: 50, leaves: 8, min-leaf: 20 }", "parameters: { depth: 3 }", "parameters.depth", 8)]
    public void Load_BadField_IsNamedWithItsLine(string from, string to, string field, int line)
    {
        var error = Assert.Single(Errors(MlJob.Replace(from, to)));

        Assert.Equal((field, line), (error.Field, error.Line));
    }

    [Fact]
    public void Load_MissingParts_AreAllReported()
    {
        var fields = Errors("grant: g\nkind: ml\n").Select(e => e.Field).ToList();

        Assert.Equal(["task", "query", "trainer", "features"], fields.Intersect(["task", "query", "trainer", "features"]));
    }

    [Fact]
    public void Load_PredictJob_NamesTheModelAndTheRowsOnly()
    {
        var ml = JobSpecLoader.Load(File, "grant: g\nkind: ml\npredict: exp-20261201-090000-a1b2c3\nquery: select district, industry from enterprise_registry\n").Ml!;

        Assert.Equal(("exp-20261201-090000-a1b2c3", 4), (ml.Predict, ml.QueryLine));
        Assert.Empty(ml.Features);
    }

    [Fact]
    public void Load_PredictJobWithTrainingKeys_NamesEachWithItsLine()
    {
        var errors = Errors(MlJob.Replace("kind: ml", "kind: ml\npredict: exp-1"));

        // The released model fixes task and features; a scoring job trains nothing.
        Assert.Equal([("task", 4), ("label", 6), ("features", 7), ("trainer", 8), ("parameters", 9), ("holdout", 10), ("seed", 11)],
            errors.Select(e => (e.Field, e.Line)));
        Assert.All(errors, e => Assert.StartsWith("a predict job applies a released model as it is", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../exports/exp-1")]
    [InlineData("exp 1")]
    public void Load_PredictThatIsNotAnId_IsRefused(string id)
    {
        var error = Assert.Single(Errors($"grant: g\nkind: ml\npredict: \"{id}\"\nquery: select 1\n"));

        Assert.Equal(("predict", 3), (error.Field, error.Line));
    }

    [Fact]
    public void Load_MlKeysOnASqlJob_AreRefused()
    {
        var error = Assert.Single(Errors("grant: g\nkind: sql\nqueries:\n  a: select 1\ntrainer: sdca\n"));

        Assert.Equal(("trainer", "applies only to ml jobs"), (error.Field, error.Message));
    }

    [Fact]
    public void Load_ContainerKeysOnAnMlJob_AreRefused()
    {
        var error = Assert.Single(Errors(MlJob + "\nimage: sandbox/python\n"));

        Assert.Equal(("image", "applies only to container jobs"), (error.Field, error.Message));
    }
}
