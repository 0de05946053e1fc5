using Sandbox.Host.Images;

namespace Sandbox.Host.Tests.Images;

/// <summary>`image build` takes the runner published beside the executable (the deployed form's) before publishing the repository's.</summary>
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
}
