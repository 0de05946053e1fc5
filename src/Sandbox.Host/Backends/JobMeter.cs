using Sandbox.Host.Store;

namespace Sandbox.Host.Backends;

/// <summary>The figures every backend meters the same way: what was staged for a job to read, and what it wrote.</summary>
internal static class JobMeter
{
    /// <summary>The bytes of the regular files under <paramref name="directory"/>; null when it does not exist.</summary>
    public static long? DirectoryBytes(string directory)
    {
        if (!Directory.Exists(directory)) return null;
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
            return new DirectoryInfo(directory).EnumerateFiles("*", options).Sum(f => f.Length);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The bytes of the outputs collected.</summary>
    public static long Written(IEnumerable<JobOutput> outputs) => outputs.Sum(o => o.Bytes);
}
