namespace Sandbox.Host.Home;

/// <summary>
/// Named points where the crash tests stop a real <c>sandbox serve</c> (materializing a grant's table, writing or
/// publishing a release bundle) to SIGKILL it there. Inert unless the process was started with
/// <c>SANDBOX_TEST_PAUSE=POINT:MARKER_FILE</c>: then, on reaching POINT, it creates MARKER_FILE and waits (two minutes
/// at most) for the test to kill it. Only the environment of the process can set it: no request, job or document can.
/// </summary>
internal static class CrashPoint
{
    /// <summary>The environment variable naming the point and the marker file.</summary>
    public const string Variable = "SANDBOX_TEST_PAUSE";

    /// <summary>The table's masked files are written under their temporary names, not yet renamed into place.</summary>
    public const string MaterializeWritten = "materialize-written";

    /// <summary>The release bundle is complete and signed in its temporary folder, not yet renamed into place.</summary>
    public const string ReleaseWritten = "release-written";

    /// <summary>The bundle is in place under its release id; the export is not yet recorded as released.</summary>
    public const string ReleasePublished = "release-published";

    /// <summary>Pauses here when the process was told to; returns at once otherwise.</summary>
    public static void Reach(string point)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } setting) return;
        var colon = setting.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !string.Equals(setting[..colon], point, StringComparison.Ordinal)) return;
        File.WriteAllText(setting[(colon + 1)..], point);
        Thread.Sleep(TimeSpan.FromMinutes(2));
    }
}
