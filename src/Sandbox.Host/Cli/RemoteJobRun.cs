using System.Net.Http.Headers;
using Sandbox.Host.Api.Bodies;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Cli;

/// <summary>
/// <c>sandbox job run FILE --server URL</c>: the job file sent to a running host (<c>sandbox serve</c>) over its API,
/// <c>POST /v1/jobs</c>, as the operator its token names (<c>SANDBOX_TOKEN</c>, never an argument: a command line is
/// visible to every user of the machine). The host decides, runs and records the job as for any API client: this
/// process opens no home and holds no key, and spends only its own start on the job, where a local run also opens the
/// store, its DuckDB and the grant's tables (bench/city.sh measures both).
/// </summary>
internal static class RemoteJobRun
{
    /// <summary>The environment variable holding the API token (<c>sandbox token issue</c>).</summary>
    public const string TokenVariable = "SANDBOX_TOKEN";

    /// <summary>The environment variable naming the host when <c>--server</c> is not given.</summary>
    public const string ServerVariable = "SANDBOX_SERVER";

    /// <summary>The job as the host answered it: the API's job body, read and as sent.</summary>
    public sealed record Answer(JobBody Job, string Json);

    /// <summary>
    /// Submits <paramref name="path"/> and, with <paramref name="wait"/>, waits for the job's end. The host's refusals
    /// come back as this CLI's own (see <see cref="RemoteHost"/>), naming the reader's file where the host named "job.yaml".
    /// </summary>
    /// <exception cref="InputException">No such file, a host that cannot be reached, or bad input by the host's word.</exception>
    public static async Task<Answer> SubmitAsync(RemoteHost host, string path, string backend, bool wait, SandboxHome home, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!File.Exists(path)) throw new InputException(new LocalMessage("cli.file-not-found", ("path", path)));
        var (body, type) = await BodyOf(path, home, cancellationToken).ConfigureAwait(false);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        var reply = await host.SendAsync(HttpMethod.Post, $"v1/jobs?backend={Uri.EscapeDataString(backend)}&wait={(wait ? "true" : "false")}", content, cancellationToken)
            .ConfigureAwait(false);
        // A job's body, whatever its end: 200 succeeded, 202 queued, 422 a job that ran (or was refused) and failed.
        if (RemoteHost.Read<JobBody>(reply) is { Id: not null } job) return new Answer(job, reply.Text);
        // The host names the file it was sent "job.yaml": the reader knows it by its own path.
        throw host.Refusal(reply, detail => string.Join('\n', detail.Split('\n').Select(line => line.StartsWith("job.yaml", StringComparison.Ordinal) ? path + line["job.yaml".Length..] : line)));
    }

    /// <summary>
    /// The host to send to: <c>--server</c>, else <c>SANDBOX_SERVER</c>, else none (the job runs here). An https URL, or
    /// http to this machine only (the token would cross the network in clear); its path, if any, is where the API sits.
    /// </summary>
    /// <exception cref="InputException">Not an https URL, nor an http one to a loopback address.</exception>
    public static Uri? ServerOf(string? option, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var value = option ?? environment(ServerVariable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InputException(new LocalMessage("cli.job.server-url", ("url", value)));
        }
        // The token travels with the job: in clear only to this machine.
        if (uri.Scheme == "http" && !uri.IsLoopback) throw new InputException(new LocalMessage("cli.job.server-plain", ("url", value)));
        return uri;
    }

    // The job file alone (YAML), or with what its `files:` names as the API takes both: a tar of job.yaml and that folder
    // at the same place, gathered with the checks a local run applies (inside the job file's folder, no link, within the
    // submission limits; the host checks the archive again).
    private static async Task<(byte[] Body, string Type)> BodyOf(string path, SandboxHome home, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        string? files;
        try
        {
            files = Sandbox.Policy.Jobs.JobSpecLoader.Load(path, text).Files;
        }
        catch (Sandbox.Documents.PolicyDocumentException)
        {
            files = null; // the host reads the file and says what is wrong with it, as for any client
        }
        if (files is null) return (System.Text.Encoding.UTF8.GetBytes(text), "application/yaml");

        var root = Path.Combine(Path.GetTempPath(), "sandbox-submit-" + Guid.NewGuid().ToString("N"));
        try
        {
            var segments = files.Split('/').Where(s => s is not ("" or ".")).ToArray();
            var destination = segments.Length == 0 ? root : Path.Combine([root, .. segments]);
            if (segments.Length > 0) Directory.CreateDirectory(Path.GetDirectoryName(destination)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var jobFolder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            Sandbox.Host.Jobs.Submissions.ConfinedFolder.Copy(jobFolder, files, destination, Sandbox.Host.Jobs.Submissions.SubmissionLimits.Default, home, $"{path}: files");
            File.Copy(path, Path.Combine(root, "job.yaml"), overwrite: true);
            using var tar = new MemoryStream();
            await System.Formats.Tar.TarFile.CreateFromDirectoryAsync(root, tar, includeBaseDirectory: false, cancellationToken).ConfigureAwait(false);
            return (tar.ToArray(), "application/x-tar");
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
