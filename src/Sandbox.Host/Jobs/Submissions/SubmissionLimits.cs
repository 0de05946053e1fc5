namespace Sandbox.Host.Jobs.Submissions;

/// <summary>How much a job may bring with it: its code, not a way to bring data in.</summary>
/// <param name="MaxBytes">The most bytes of file content, all files together.</param>
/// <param name="MaxEntries">The most files and folders, all together.</param>
public sealed record SubmissionLimits(long MaxBytes, int MaxEntries)
{
    /// <summary>256 MiB in at most 10,000 files and folders.</summary>
    public static SubmissionLimits Default { get; } = new(256L << 20, 10_000);

    /// <summary>A size in words: whole mebibytes as such, else bytes.</summary>
    internal static string Describe(long bytes) => bytes >= 1L << 20 && bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";
}
