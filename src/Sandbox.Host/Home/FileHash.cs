using System.Security.Cryptography;

namespace Sandbox.Host.Home;

/// <summary>The content address of a file: lower-case hex SHA-256 of its bytes, read as a stream.</summary>
internal static class FileHash
{
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
