using Sandbox.Host.DataPlane;

namespace Sandbox.Host.Tests.DataPlane;

/// <summary>
/// The progress a build publishes for a use waiting in another process: two counts; whatever else the file holds
/// reads as nothing published (the waiter then says nothing of the builder).
/// </summary>
public sealed class BuildProgressFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("build-progress-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_Rows_ReadBackInOrder_OwnerOnly()
    {
        var file = new BuildProgressFile(_directory, "residents");
        Assert.Null(BuildProgressFile.Read(_directory, "residents"));

        file.Write(2_048, 10_000);
        Assert.Equal((2_048L, 10_000L), BuildProgressFile.Read(_directory, "residents"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(BuildProgressFile.PathOf(_directory, "residents")));

        file.Write(10_000, 10_000);
        Assert.Equal((10_000L, 10_000L), BuildProgressFile.Read(_directory, "residents"));

        file.Remove();
        Assert.Null(BuildProgressFile.Read(_directory, "residents"));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Theory]
    [InlineData("10 10 done\n")]
    [InlineData("10\n")]
    [InlineData("10 10 loading\n")]
    [InlineData("-1 10\n")]
    [InlineData("ten 10\n")]
    public void Read_AnythingElse_IsNothingPublished(string text)
    {
        File.WriteAllText(BuildProgressFile.PathOf(_directory, "residents"), text);
        Assert.Null(BuildProgressFile.Read(_directory, "residents"));
    }
}
