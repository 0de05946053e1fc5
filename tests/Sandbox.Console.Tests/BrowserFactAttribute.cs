namespace Sandbox.Console.Tests;

/// <summary>
/// A test that drives Debian's chromium (<c>apt-get install chromium</c>) through Playwright. It skips, saying why,
/// only when that browser is missing, and never when <c>SANDBOX_REQUIRE_BROWSER=1</c> (CI): there it fails instead.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Where Debian installs chromium; Playwright downloads no browser of its own.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SANDBOX_REQUIRE_BROWSER") == "1") return;
        if (!File.Exists(Chromium)) Skip = $"no browser: {Chromium} is missing (apt-get install -y chromium)";
    }
}
