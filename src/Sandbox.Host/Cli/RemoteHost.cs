using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Cli;

/// <summary>
/// A running host (<c>sandbox serve</c>) as the CLI's <c>--server</c> commands speak to it: over its API, as the
/// principal of the token in <c>SANDBOX_TOKEN</c> (never an argument: a command line is visible to every user of the
/// machine), asking for answers in the reader's language. The host decides and records; its refusals come back as this
/// CLI's own: 400 as bad input, 404 as not found, 401 and 403 as forbidden, 409, 422 and 429 as refused.
/// </summary>
internal sealed class RemoteHost : IDisposable
{
    private readonly Uri _server;
    private readonly string _token;
    private readonly UiLanguage _language;
    private readonly HttpClient _client;

    private RemoteHost(Uri server, string token, UiLanguage language)
    {
        _server = server;
        _token = token;
        _language = language;
        // No proxy: the host is named, and what is sent goes to it alone.
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>What the host answered: its status and body (parsed when it is JSON).</summary>
    public sealed record Reply(HttpStatusCode Status, string? ReasonPhrase, string Text, JsonElement? Body);

    /// <summary>The host at <paramref name="server"/>, spoken to with the token the environment holds.</summary>
    /// <exception cref="InputException">No token in <see cref="RemoteJobRun.TokenVariable"/>.</exception>
    public static RemoteHost Open(Uri server, Func<string, string?> environment, UiLanguage language)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(language);
        if (environment(RemoteJobRun.TokenVariable) is not { Length: > 0 } token)
        {
            throw new InputException(new LocalMessage("cli.job.server-token", ("variable", RemoteJobRun.TokenVariable)));
        }
        return new RemoteHost(server, token, language);
    }

    /// <summary>Sends a request to <paramref name="relative"/> (under the server's URL) and reads the whole answer.</summary>
    /// <exception cref="InputException">The host cannot be reached.</exception>
    public async Task<Reply> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server, relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(_language.Tag));
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new InputException(new LocalMessage("cli.job.server-unreachable", ("url", _server), ("reason", ex.Message)));
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new Reply(response.StatusCode, response.ReasonPhrase, text, Parse(text));
        }
    }

    /// <summary>
    /// Reads <paramref name="relative"/> as a <typeparamref name="T"/> (one of the API's own body records); any other
    /// answer is this CLI's error (see <see cref="Refusal"/>), a 404 said as <paramref name="notFound"/>.
    /// </summary>
    public async Task<(T Body, string Json)> GetAsync<T>(string relative, string notFound, CancellationToken cancellationToken)
        where T : class
    {
        var reply = await SendAsync(HttpMethod.Get, relative, null, cancellationToken).ConfigureAwait(false);
        if (reply.Status == HttpStatusCode.OK && Read<T>(reply) is { } body) return (body, reply.Text);
        throw reply.Status == HttpStatusCode.NotFound ? new NotFoundException(notFound) : Refusal(reply);
    }

    /// <summary><paramref name="reply"/>'s body as a <typeparamref name="T"/>, or null when it is not one.</summary>
    public static T? Read<T>(Reply reply)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Body is not { ValueKind: JsonValueKind.Object } body) return null;
        try
        {
            return Api.ApiBodies.Read<T>(body);
        }
        catch (JsonException)
        {
            return null; // a shape (or a state) this build does not know: said as the host's status
        }
    }

    /// <summary>
    /// The CLI's error for an answer that is not what was asked: the host's one line (its problem's detail, in the
    /// reader's language when the host has it so), passed through <paramref name="rewrite"/>, under the exit code its
    /// status means here.
    /// </summary>
    public Exception Refusal(Reply reply, Func<string, string>? rewrite = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var detail = reply.Body is { ValueKind: JsonValueKind.Object } problem && problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String
            && d.GetString() is { Length: > 0 } said
            ? said
            : Messages.Get("cli.job.server-status", ("status", (int)reply.Status), ("reason", reply.ReasonPhrase ?? ""));
        if (rewrite is not null) detail = rewrite(detail);
        return reply.Status switch
        {
            HttpStatusCode.BadRequest => new InputException(detail),
            HttpStatusCode.NotFound => new NotFoundException(detail),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ForbiddenException(detail),
            HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity or HttpStatusCode.TooManyRequests => new RefusedException(detail),
            _ => new InputException(new LocalMessage("cli.job.server-unreachable", ("url", _server), ("reason", detail))),
        };
    }

    public void Dispose() => _client.Dispose();

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
