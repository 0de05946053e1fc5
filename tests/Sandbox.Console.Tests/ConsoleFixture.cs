using System.Text.Json;
using Microsoft.Playwright;
using Sandbox.Host.Api;
using Sandbox.Host.Home;
using Sandbox.Host.Tests;

namespace Sandbox.Console.Tests;

/// <summary>
/// A real home with the synthetic city behind a real Kestrel host on loopback, one job of zijin-credit with exports
/// that pass and fail, and Debian's chromium driven by Playwright (its driver ships in the NuGet package and runs
/// offline; no browser is downloaded). Browser contexts run with JavaScript disabled: every page must work without it.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication? _app;
    private IPlaywright? _playwright;

    public TestHome Home { get; } = new TestHome().WithCity(enterprises: 600, residents: 50);

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public string JobId { get; private set; } = "";

    /// <summary>Where the tests leave their screenshots.</summary>
    public static string Artifacts => Environment.GetEnvironmentVariable("SANDBOX_ARTIFACTS") is { Length: > 0 } dir
        ? dir : Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async Task InitializeAsync()
    {
        var job = Home.Job("nj-credit-2026",
            "by_district: select district, count(*) as enterprises from enterprise_registry group by district",
            "by_industry: select district, industry, count(*) as enterprises from enterprise_registry group by district, industry");
        JobId = JsonDocument.Parse(Home.Ok("--as", "zijin-analyst", "job", "run", "--wait", job, "--json")).RootElement.GetProperty("id").GetString()!;

        // A grant in publicity, for the bureau's countdown of working days.
        Home.Ok("grant", "review", "nj-logistics-2027");
        Home.Ok("grant", "publicize", "nj-logistics-2027");

        _app = new ApiServer(new SandboxHome(Home.Root), Home.Time).Build("http://127.0.0.1:0");
        await _app.StartAsync();
        BaseUrl = ApiServer.Address(_app);

        if (!File.Exists(BrowserFactAttribute.Chromium)) return;
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        // Root in a container has no user namespaces for chromium's sandbox; the page under test is our own.
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserFactAttribute.Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>Requests an export of the fixture's job as its operator; returns the gate's JSON report.</summary>
    public JsonElement Request(string output)
    {
        var (code, stdout, err) = Home.Run("--as", "zijin-analyst", "export", "request", JobId, output, "--json");
        Assert.True(code is 0 or 1, $"exit {code}: {err}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    /// <summary>A fresh browser context (its own cookies), JavaScript off, signed in through the page as <paramref name="principal"/>.</summary>
    public async Task<IPage> SignInAsync(string principal, string lang = "zh")
    {
        var context = await Browser.NewContextAsync(new() { JavaScriptEnabled = false, BaseURL = BaseUrl, ViewportSize = new() { Width = 1100, Height = 760 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/console/signin?lang={lang}");
        await page.FillAsync("#token", Home.Ok("token", "issue", principal).Trim());
        await page.ClickAsync("button[type=submit]");
        Assert.Equal(principal, await page.Locator("#principal").TextContentAsync());
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }
        if (_app is not null) await _app.DisposeAsync();
        Home.Dispose();
    }
}
