using Sandbox.Host.Images;

namespace Sandbox.Host.Tests.Images;

/// <summary>`image build` takes the runner published beside the executable (the deployed form's) before publishing the repository's, and its recipe counts every file of it.</summary>
public sealed class RunnerBesideTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sandbox-runner-beside-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RunnerBeside_TheDeployedLayout_IsItsRunnerFolder()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "runner"));
        File.WriteAllText(Path.Combine(_folder, "runner", "sandbox-runner"), "");

        Assert.Equal(Path.Combine(_folder, "runner"), ImageBuilder.RunnerBeside(_folder));
    }

    [Fact]
    public void RunnerBeside_NoRunnerExecutable_IsNone()
    {
        Assert.Null(ImageBuilder.RunnerBeside(_folder)); // a build output: the repository's runner is published instead
        Directory.CreateDirectory(Path.Combine(_folder, "runner")); // a folder without the executable is not a runner
        Assert.Null(ImageBuilder.RunnerBeside(_folder));
    }

    [Fact]
    public void RecipeSha_ARunnerInstalledUnderABinFolder_CountsItsFiles()
    {
        var runner = Path.Combine(_folder, "usr", "local", "bin", "sandbox", "runner");
        Directory.CreateDirectory(runner);
        File.WriteAllText(Path.Combine(runner, "sandbox-runner"), "one");
        var before = ImageBuilder.RecipeSha(ImageRecipe.Runner, runner);

        File.WriteAllText(Path.Combine(runner, "sandbox-runner"), "two"); // another runner: another recipe, so the image is rebuilt
        Assert.NotEqual(before, ImageBuilder.RecipeSha(ImageRecipe.Runner, runner));
        File.WriteAllText(Path.Combine(runner, "sandbox-runner.pdb"), "symbols"); // symbols alone change nothing that runs
        File.WriteAllText(Path.Combine(runner, "sandbox-runner"), "one");
        Assert.Equal(before, ImageBuilder.RecipeSha(ImageRecipe.Runner, runner));
    }
}
