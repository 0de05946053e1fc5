using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sandbox.Contracts.Jobs;
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

    /// <summary>The job as the host answered it: the API's job body, parsed and as sent.</summary>
    public sealed record Answer(JsonElement Job, string Json)
    {
        /// <summary>The job's state as the host named it, or null for a name this build does not know.</summary>
        public JobState? State => JobStates.Vocabulary.TryParse(Job.GetProperty("state").GetString(), out var state) ? state : null;
    }

    /// <summary>
    /// Submits <paramref name="path"/> and, with <paramref name="wait"/>, waits for the job's end. The host's refusals
    /// come back as this CLI's own: 400 as bad input, 404 as not found, 401 and 403 as forbidden, 409 and 422 as refused.
    /// </summary>
    /// <exception cref="InputException">No such file, a host that cannot be reached, or bad input by the host's word.</exception>
    public static async Task<Answer> SubmitAsync(Uri server, string token, string path, string backend, bool wait, UiLanguage language,
        SandboxHome home, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(language);
        if (!File.Exists(path)) throw new InputException(new LocalMessage("cli.file-not-found", ("path", path)));
        var (body, type) = await BodyOf(path, home, cancellationToken).ConfigureAwait(false);
        // No proxy: the host is named, and a job file is sent to it alone.
        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var address = new Uri(server, $"v1/jobs?backend={Uri.EscapeDataString(backend)}&wait={(wait ? "true" : "false")}");
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(type);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language.Tag));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new InputException(new LocalMessage("cli.job.server-unreachable", ("url", server), ("reason", ex.Message)));
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var document = Parse(text);
            // A job's body, whatever its end: 200 succeeded, 202 queued, 422 a job that ran (or was refused) and failed.
            if (document is { ValueKind: JsonValueKind.Object } job && job.TryGetProperty("id", out _) && job.TryGetProperty("state", out _))
            {
                return new Answer(job, text);
            }
            var detail = document is { ValueKind: JsonValueKind.Object } problem && problem.TryGetProperty("detail", out var d) && d.GetString() is { Length: > 0 } said
                ? said
                : Messages.Get("cli.job.server-status", ("status", (int)response.StatusCode), ("reason", response.ReasonPhrase ?? ""));
            // The host names the file it was sent "job.yaml": the reader knows it by its own path.
            detail = string.Join('\n', detail.Split('\n').Select(line => line.StartsWith("job.yaml", StringComparison.Ordinal) ? path + line["job.yaml".Length..] : line));
            throw response.StatusCode switch
            {
                HttpStatusCode.BadRequest => new InputException(detail),
                HttpStatusCode.NotFound => new NotFoundException(detail),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ForbiddenException(detail),
                HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity or HttpStatusCode.TooManyRequests => new RefusedException(detail),
                _ => new InputException(new LocalMessage("cli.job.server-unreachable", ("url", server), ("reason", detail))),
            };
        }
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

    private static JsonElement? Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
