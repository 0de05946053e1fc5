using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sandbox.Host.Home;

namespace Sandbox.Host.Api;

/// <summary>
/// Bearer tokens of the HTTP API, one or more per principal, each with an id and an expiry. Only SHA-256 hashes are
/// kept (file mode 0600, written to a temp file and renamed), so the token file never lets anyone act as a principal.
/// </summary>
internal sealed class ApiTokens(string path, TimeProvider time)
{
    private const string Prefix = "sbx_";

    /// <summary>How long a token lives unless issued with another validity.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(90);

    public static ApiTokens Of(SandboxHome home, TimeProvider time) => new(Path.Combine(home.KeysDirectory, "api-tokens.json"), time);

    /// <summary>One issued token, as stored: never the token itself.</summary>
    public sealed record Issued(string Id, string Principal, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    /// <summary>Issues a new token for <paramref name="principal"/>; the token is shown once, never stored.</summary>
    public (string Token, Issued Record) Issue(string principal, TimeSpan? validity = null)
    {
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var record = new Issued("tok-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), principal, now, now + (validity ?? DefaultValidity));
        var all = Load();
        all[Hash(token)] = record;
        Save(all);
        return (token, record);
    }

    /// <summary>The principal a presented, unexpired token belongs to, or null.</summary>
    public string? PrincipalOf(string? token) =>
        token is { Length: > 0 } && token.StartsWith(Prefix, StringComparison.Ordinal) && Load().TryGetValue(Hash(token), out var record)
            && record.ExpiresAt > time.GetUtcNow() ? record.Principal : null;

    /// <summary>Every issued token's record, oldest first.</summary>
    public IReadOnlyList<Issued> List() => [.. Load().Values.OrderBy(r => r.IssuedAt)];

    /// <summary>Removes the token with <paramref name="id"/>; false when there is none.</summary>
    public bool Revoke(string id)
    {
        var all = Load();
        var hash = all.FirstOrDefault(p => p.Value.Id == id).Key;
        if (hash is null) return false;
        all.Remove(hash);
        Save(all);
        return true;
    }

    private Dictionary<string, Issued> Load()
    {
        if (!File.Exists(path)) return [];
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var all = new Dictionary<string, Issued>(StringComparer.Ordinal);
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            // Files written before tokens had ids held the principal alone: such a token expires 90 days from now.
            all[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                ? new Issued("tok-" + entry.Name[..8], entry.Value.GetString()!, DateTimeOffset.MinValue, time.GetUtcNow() + DefaultValidity)
                : entry.Value.Deserialize(TokensJson.Contract.Issued)!;
        }
        return all;
    }

    private void Save(Dictionary<string, Issued> all)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            JsonSerializer.Serialize(stream, all, TokensJson.Contract.DictionaryStringIssued);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>The token file's shapes with the contracts' options, generated at compile time.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, ApiTokens.Issued>))]
internal sealed partial class TokensJson : System.Text.Json.Serialization.JsonSerializerContext
{
    /// <summary>With <see cref="Jsons.Options"/>, as token files were always written.</summary>
    public static TokensJson Contract { get; } = new(new JsonSerializerOptions(Jsons.Options));
}
