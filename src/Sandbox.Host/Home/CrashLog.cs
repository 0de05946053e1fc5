using System.Globalization;
using System.Security.Cryptography;

namespace Sandbox.Host.Home;

/// <summary>
/// Unexpected failures: the user gets one line with an incident id; the exception's detail (which may quote a path
/// or a value) goes to <c>logs/incidents.log</c> inside the home, readable by its owner only.
/// </summary>
internal static class CrashLog
{
    /// <summary>Records <paramref name="exception"/>; returns its id and the log's path (null when the home cannot hold one).</summary>
    public static (string Id, string? Path) Write(SandboxHome home, Exception exception, TimeProvider time)
    {
        var id = "inc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        try
        {
            if (!home.IsInitialized) return (id, null);
            Directory.CreateDirectory(home.LogsDirectory);
            File.SetUnixFileMode(home.LogsDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var path = Path.Combine(home.LogsDirectory, "incidents.log");
            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            using var writer = new StreamWriter(stream);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {id} {time.GetUtcNow():O}"));
            writer.WriteLine(exception.ToString());
            return (id, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (id, null);
        }
    }

    /// <summary>What the user sees: the failure's kind and, for I/O failures, the operating system's one-line reason.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        UnauthorizedAccessException => "permission denied (a file or folder could not be read or written)",
        DirectoryNotFoundException => "a folder does not exist",
        FileNotFoundException => "a file does not exist",
        IOException io => "input/output error: " + io.Message.Split('\n')[0],
        _ => "unexpected " + exception.GetType().Name,
    };
}
