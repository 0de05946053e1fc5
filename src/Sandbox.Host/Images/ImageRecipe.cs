namespace Sandbox.Host.Images;

/// <summary>How one job image is made: a minbase Debian rootfs with these packages, optionally the published runner.</summary>
/// <param name="Key">The <c>--only</c> name: <c>runner</c> or <c>python</c>.</param>
/// <param name="Name">The image name jobs use (tagged <c>:latest</c>).</param>
/// <param name="Packages">Debian packages added to minbase.</param>
/// <param name="WithRunner">Whether the self-contained Sandbox.Runner is copied to <c>/opt/sandbox-runner</c>.</param>
public sealed record ImageRecipe(string Key, string Name, IReadOnlyList<string> Packages, bool WithRunner)
{
    /// <summary>Files written into the rootfs (path inside the image → text), part of the recipe's hash.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The python module that reads a job's Parquet tables into pandas through the runner.</summary>
    public const string PythonDataModule = "/usr/lib/python3/dist-packages/sandbox_data.py";

    /// <summary>The Debian suite every image is built from.</summary>
    public const string Suite = "bookworm";

    /// <summary>Where the runner lives inside <c>sandbox/runner</c>.</summary>
    public const string RunnerDirectory = "/opt/sandbox-runner";

    /// <summary>The runner executable inside <c>sandbox/runner</c>.</summary>
    public const string RunnerExecutable = RunnerDirectory + "/sandbox-runner";

    /// <summary>The image that runs SQL jobs.</summary>
    public static ImageRecipe Runner { get; } =
        new("runner", "sandbox/runner", ["ca-certificates", "libstdc++6", "zlib1g", "libgomp1"], WithRunner: true);

    /// <summary>The image for container jobs in Python.</summary>
    /// <remarks>
    /// Debian bookworm (and trixie) package neither pyarrow, duckdb nor fastparquet, so pandas cannot read Parquet by
    /// itself: the image carries the runner, and <c>sandbox_data.read_parquet</c> streams a table through it as CSV.
    /// </remarks>
    public static ImageRecipe Python { get; } =
        new("python", "sandbox/python", ["python3", "python3-numpy", "python3-pandas", "libstdc++6", "zlib1g"], WithRunner: true)
        {
            Files = new Dictionary<string, string> { [PythonDataModule] = PythonData.Module },
        };

    /// <summary>Every recipe, in build order.</summary>
    public static IReadOnlyList<ImageRecipe> All { get; } = [Runner, Python];

    /// <summary>The tag the engine knows the image by.</summary>
    public string Tag => Name + ":latest";
}
