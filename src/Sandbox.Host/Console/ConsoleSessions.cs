using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sandbox.Host.Console;

/// <summary>
/// The console's sign-ins: an API token exchanged for a random cookie id. The token stays in the server's memory only
/// (never in the cookie) and is checked again on every request, so revoking it or letting it expire signs the browser
/// out at once. A restart signs everyone out; sessions idle longer than <see cref="IdleTimeout"/> end.
/// </summary>
internal sealed class ConsoleSessions(TimeProvider time)
{
    /// <summary>The cookie that carries the session id.</summary>
    public const string CookieName = "sandbox_console";

    /// <summary>A session unused this long ends.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);

    private sealed record Entry(string Token, DateTimeOffset LastSeen);

    /// <summary>Opens a session for an already verified token; returns the cookie value.</summary>
    public string Open(string token)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _sessions[id] = new Entry(token, time.GetUtcNow());
        return id;
    }

    /// <summary>The token behind a cookie value, or null when there is no such live session.</summary>
    public string? TokenOf(string? id)
    {
        if (id is not { Length: > 0 } || !_sessions.TryGetValue(id, out var entry)) return null;
        var now = time.GetUtcNow();
        if (now - entry.LastSeen > IdleTimeout)
        {
            _sessions.TryRemove(id, out _);
            return null;
        }
        _sessions[id] = entry with { LastSeen = now };
        return entry.Token;
    }

    /// <summary>Ends a session.</summary>
    public void Close(string? id)
    {
        if (id is { Length: > 0 }) _sessions.TryRemove(id, out _);
    }
}
