using System.Globalization;
using Docker.DotNet.Models;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// The container a job runs in, as engine parameters: no network, read-only root, no capabilities, no new privileges,
/// a non-root user, memory = memory + swap, CPU quota, pids limit, size-capped tmpfs <c>/tmp</c> and <c>/out</c>,
/// the workspace read-only at <c>/data</c>, the job's files read-only at <c>/job</c>. The main process is the job's
/// command under <see cref="JobSupervisor"/>, with stdin open for its boundary. Validated in <see cref="Build"/>.
/// </summary>
internal sealed class JobContainerBuilder
{
    /// <summary>The user every job runs as: <c>nobody:nogroup</c>, present in Debian's base passwd, owning nothing.</summary>
    public const string User = "65534:65534";

    /// <summary>The size of the scratch <c>/tmp</c>.</summary>
    public const long TmpBytes = 64L << 20;

    private string? _image;
    private string? _workspace;
    private string? _jobFiles;
    private JobLimits? _limits;
    private Dictionary<string, string> _labels = [];
    private string? _name;
    private IReadOnlyList<string> _command = [];

    public JobContainerBuilder WithImage(string imageId) { _image = imageId; return this; }

    public JobContainerBuilder WithWorkspace(string directory) { _workspace = directory; return this; }

    public JobContainerBuilder WithJobFiles(string directory) { _jobFiles = directory; return this; }

    public JobContainerBuilder WithLimits(JobLimits limits) { _limits = limits; return this; }

    public JobContainerBuilder WithLabels(Dictionary<string, string> labels) { _labels = labels; return this; }

    public JobContainerBuilder WithName(string name) { _name = name; return this; }

    /// <summary>The job's argv, run in <c>/job</c> by the supervisor.</summary>
    public JobContainerBuilder WithCommand(IReadOnlyList<string> command) { _command = command; return this; }

    /// <summary>The create parameters; throws <see cref="InvalidOperationException"/> when a part is missing or a limit is not positive.</summary>
    public CreateContainerParameters Build()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(_image)) problems.Add("image");
        if (string.IsNullOrEmpty(_name)) problems.Add("name");
        if (_command.Count == 0 || string.IsNullOrEmpty(_command[0])) problems.Add("command");
        if (_workspace is null || !Directory.Exists(_workspace)) problems.Add($"workspace ({_workspace})");
        if (_jobFiles is null || !Directory.Exists(_jobFiles)) problems.Add($"job files ({_jobFiles})");
        if (_limits is null || _limits.MemoryBytes <= 0 || _limits.Cpus <= 0 || _limits.Pids <= 0 || _limits.OutputBytes <= 0 || _limits.Timeout <= TimeSpan.Zero)
        {
            problems.Add("limits");
        }
        if (problems.Count > 0) throw new InvalidOperationException("job container: missing or invalid " + string.Join(", ", problems));
        var limits = _limits!;

        return new CreateContainerParameters
        {
            Name = _name!,
            Image = _image!,
            // The supervisor runs the job, then streams the header and the tar of /out (a tmpfs, gone with the container).
            Entrypoint = [.. JobSupervisor.Entrypoint],
            Cmd = [.. _command],
            // Attached before start; stdin carries the boundary only, then closes (StdinOnce).
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            OpenStdin = true,
            StdinOnce = true,
            Tty = false,
            User = User,
            WorkingDir = "/job",
            Hostname = "sandbox",
            Env = ["PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp", "LANG=C.UTF-8", "DOTNET_EnableDiagnostics=0", "TMPDIR=/tmp"],
            NetworkDisabled = true,
            Labels = _labels,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                ReadonlyRootfs = true,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                Privileged = false,
                // tini as PID 1 reaps what the job leaves behind, so zombies do not eat the pids limit.
                Init = true,
                IpcMode = "private",
                Memory = limits.MemoryBytes,
                MemorySwap = limits.MemoryBytes,
                NanoCPUs = (long)(limits.Cpus * 1_000_000_000),
                PidsLimit = limits.Pids,
                Ulimits = [new Ulimit { Name = "core", Soft = 0, Hard = 0 }, new Ulimit { Name = "nofile", Soft = 1024, Hard = 1024 }],
                Tmpfs = new Dictionary<string, string>
                {
                    ["/tmp"] = Tmpfs(TmpBytes, "1777", exec: false),
                    ["/out"] = Tmpfs(limits.OutputBytes, "0700", exec: false),
                },
                Mounts =
                [
                    new Mount { Type = "bind", Source = _workspace, Target = "/data", ReadOnly = true, BindOptions = new BindOptions { Propagation = "rprivate" } },
                    new Mount { Type = "bind", Source = _jobFiles, Target = "/job", ReadOnly = true, BindOptions = new BindOptions { Propagation = "rprivate" } },
                ],
                // Nothing the job prints is kept by the engine: output is read through the attach stream, capped.
                LogConfig = new LogConfig { Type = "none" },
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
                AutoRemove = false,
            },
        };
    }

    private static string Tmpfs(long bytes, string mode, bool exec) =>
        string.Create(CultureInfo.InvariantCulture, $"rw,{(exec ? "exec" : "noexec")},nosuid,nodev,size={bytes},mode={mode},uid=65534,gid=65534");
}
