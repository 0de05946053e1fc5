using System.Diagnostics;

namespace Sandbox.Host.Images;

/// <summary>Runs a build tool (debootstrap, dotnet publish, tar) and streams its output lines as progress.</summary>
internal static class ExternalCommand
{
    /// <summary>Runs <paramref name="file"/> to its end; every output line goes to <paramref name="onLine"/>. Returns the exit code.</summary>
    public static async Task<int> RunAsync(string file, IEnumerable<string> arguments, Action<string> onLine, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Start(start);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }

    /// <summary>Starts <paramref name="start"/>; a missing tool becomes a one-line input error naming it.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new Home.InputException(new Localization.LocalMessage("image.tool-not-started", ("tool", start.FileName)));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new Home.InputException(new Localization.LocalMessage("image.tool-missing", ("tool", start.FileName), ("detail", ex.Message)), ex);
        }
    }
}
