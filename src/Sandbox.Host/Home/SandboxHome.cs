namespace Sandbox.Host.Home;

/// <summary>The folder that holds one sandbox: control store, keys, datasets, workspaces, outputs, bundles.</summary>
public sealed class SandboxHome
{
    /// <summary>Where the home lives.</summary>
    public string Root { get; }

    /// <summary>Uses <paramref name="root"/> as the home folder (made absolute).</summary>
    public SandboxHome(string root) => Root = Path.GetFullPath(root);

    /// <summary>--home, else $SANDBOX_HOME, else ./.sandbox.</summary>
    public static SandboxHome Resolve(string? option)
    {
        var root = !string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable("SANDBOX_HOME") is { Length: > 0 } env ? env
            : Path.Combine(Environment.CurrentDirectory, ".sandbox");
        return new SandboxHome(root);
    }

    public string StorePath => Path.Combine(Root, "control.db");
    public string KeysDirectory => Path.Combine(Root, "keys");
    public string SigningKeyPath => Path.Combine(KeysDirectory, "signing.ed25519");
    public string MaskingKeyPath => Path.Combine(KeysDirectory, "masking.key");

    /// <summary>The key raw dataset files are sealed under at rest (see <c>Datasets/RawVault</c>).</summary>
    public string DataKeyPath => Path.Combine(KeysDirectory, "data.key");
    public string AuditHeadPath => Path.Combine(Root, "audit.head");
    public string DatasetsDirectory => Path.Combine(Root, "datasets");
    public string WorkspacesDirectory => Path.Combine(Root, "workspaces");
    public string OutDirectory => Path.Combine(Root, "out");
    public string BundlesDirectory => Path.Combine(Root, "bundles");
    public string LogsDirectory => Path.Combine(Root, "logs");

    /// <summary>True once <c>sandbox init</c> has run here.</summary>
    public bool IsInitialized => File.Exists(StorePath) && File.Exists(SigningKeyPath) && File.Exists(MaskingKeyPath);

    public string WorkspaceOf(string jobId) => Path.Combine(WorkspacesDirectory, jobId);
    public string OutputsOf(string jobId) => Path.Combine(OutDirectory, jobId);

    /// <summary>A container job's captured stdout and stderr (capped, redacted before an operator reads them).</summary>
    public string JobLogsOf(string jobId) => Path.Combine(LogsDirectory, jobId);

    /// <summary>The folder mounted read-only at <c>/job</c>: beside, never inside, the job's workspace.</summary>
    public string JobFilesOf(string jobId) => Path.Combine(WorkspacesDirectory, jobId + ".job");

    /// <summary>Where job submissions that arrive over the API are unpacked.</summary>
    public string SubmittedDirectory => Path.Combine(Root, "submitted");

    /// <summary>The masked materializations of the grants (one folder per grant), which jobs read in place.</summary>
    public string MaterializedDirectory => Path.Combine(Root, "materialized");

    /// <summary>Consent evidence stored with the grants that cite it, content-addressed.</summary>
    public string EvidenceDirectory => Path.Combine(Root, "evidence");

    /// <summary>Where homes made before the store kept image records wrote them (imported once, then removed).</summary>
    public string LegacyImagesPath => Path.Combine(Root, "images.json");

    /// <summary>The folders that hold data, keys, outputs or logs: what a job's files may never be copied from.</summary>
    public IReadOnlyList<string> GuardedDirectories =>
        [KeysDirectory, DatasetsDirectory, WorkspacesDirectory, OutDirectory, BundlesDirectory, LogsDirectory, SubmittedDirectory, MaterializedDirectory, EvidenceDirectory];
}
