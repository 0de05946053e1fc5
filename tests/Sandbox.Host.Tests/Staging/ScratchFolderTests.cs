using Sandbox.Host.Staging;

namespace Sandbox.Host.Tests.Staging;

/// <summary>Scratch folders after a crash: only those whose creating process is gone are removed.</summary>
public sealed class ScratchFolderTests
{
    [Fact]
    public void RemoveOrphans_RemovesOnlyFoldersWhoseOwnerLockIsFree()
    {
        var live = ScratchFolder.Create();
        var orphan = Directory.CreateTempSubdirectory("sandbox-").FullName;
        File.WriteAllText(Path.Combine(orphan, ".owner"), "");
        File.WriteAllText(Path.Combine(orphan, "spill.tmp"), "masked values");
        // Another process's live folder: its owner file held exclusively (flock is per open file, so this stands in for it).
        var held = Directory.CreateTempSubdirectory("sandbox-").FullName;
        using var other = new FileStream(Path.Combine(held, ".owner"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        // A folder of the same name pattern without an owner file is not known to be ours.
        var foreign = Directory.CreateTempSubdirectory("sandbox-").FullName;
        try
        {
            Assert.True(ScratchFolder.RemoveOrphans() >= 1);

            Assert.False(Directory.Exists(orphan));
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(held));
            Assert.True(Directory.Exists(foreign));
        }
        finally
        {
            ScratchFolder.Remove(live);
            other.Dispose();
            Directory.Delete(held, recursive: true);
            Directory.Delete(foreign, recursive: true);
        }
        Assert.False(Directory.Exists(live));
    }
}
