using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sandbox.Host.Home;

namespace Sandbox.Host.Api;

/// <summary>
/// Bearer tokens of the HTTP API, one or more per principal. Only SHA-256 hashes are kept (file mode 0600),
/// so the token file never lets anyone act as a principal.
/// </summary>
internal sealed class ApiTokens(string path)
{
    private const string Prefix = "sbx_";

    public static ApiTokens Of(SandboxHome home) => new(Path.Combine(home.KeysDirectory, "api-tokens.json"));

    /// <summary>Issues a new token for <paramref name="principal"/>; the token is shown once, never stored.</summary>
    public string Issue(string principal)
    {
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var all = Load();
        all[Hash(token)] = principal;
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            JsonSerializer.Serialize(stream, all);
        }
        File.Move(temp, path, overwrite: true);
        return token;
    }

    /// <summary>The principal a presented token belongs to, or null.</summary>
    public string? PrincipalOf(string? token) =>
        token is { Length: > 0 } && token.StartsWith(Prefix, StringComparison.Ordinal) && Load().TryGetValue(Hash(token), out var principal) ? principal : null;

    private Dictionary<string, string> Load() =>
        File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [] : [];

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
