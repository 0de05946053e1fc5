using System.Diagnostics;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// The built <c>sandbox</c> run as its own process, with a locale and terminal width the test chooses (none of the
/// machine's: LC_ALL, LC_MESSAGES, LANG, SANDBOX_SERVER and SANDBOX_TOKEN are cleared unless given, COLUMNS is fixed).
/// </summary>
internal static class SandboxProcess
{
    public const int Columns = 100;

    public static async Task<(int Code, string Out, string Err)> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, string? executable = null)
    {
        var info = Info(args, environment, workingDirectory, executable);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts the CLI as <see cref="RunAsync"/> does and returns it running, its stdout and stderr redirected (UTF-8):
    /// for a test that reads what a process says while it runs, or stops it on the way.
    /// </summary>
    public static Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, string? executable = null) =>
        Process.Start(Info(args, environment, null, executable))!;

    // The built sandbox.dll through dotnet, or an image given by path (the native one, tests/Native).
    private static ProcessStartInfo Info(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment, string? workingDirectory, string? executable)
    {
        var info = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? "",
        };
        if (executable is null) info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sandbox.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // Nor the machine's host to send jobs to (`job run --server`), nor its token.
        foreach (var name in new[] { "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "SANDBOX_SERVER", "SANDBOX_TOKEN" }) info.Environment.Remove(name);
        info.Environment["COLUMNS"] = Columns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return info;
    }
}
