using System.Formats.Tar;
using System.Text.Json;
using Microsoft.Playwright;

namespace Sandbox.Console.Tests;

/// <summary>The web console in a real browser: sign-in per role, the review page's flagged cells, a whole review and
/// release through the pages, and the refusals a hostile operator or a forged form meets.</summary>
public sealed class ConsolePagesTests(ConsoleFixture city) : IClassFixture<ConsoleFixture>
{
    [BrowserFact]
    public async Task SignIn_AsEachRole_ShowsOnlyThatRolesPages()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["zijin-analyst"] = ["/console/exports", "/console/jobs", "/console/grants", "/console/audit"],
            ["gov-reviewer"] = ["/console/exports", "/console/jobs", "/console/grants", "/console/audit"],
            ["expert-reviewer"] = ["/console/exports", "/console/jobs", "/console/grants"],
            ["bureau-officer"] = ["/console/exports", "/console/jobs", "/console/grants", "/console/audit"],
            ["city-auditor"] = ["/console/exports", "/console/jobs", "/console/grants", "/console/audit"],
        };
        foreach (var (principal, links) in expected)
        {
            var page = await city.SignInAsync(principal);
            var menu = await Attributes(page.Locator("header nav a"), "href");
            Assert.Equal(["/console", .. links], menu);
            Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task SignIn_WithABadToken_IsRefusedAndNoPageOpens()
    {
        var context = await city.Browser.NewContextAsync(new() { JavaScriptEnabled = false, BaseURL = city.BaseUrl });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/console/exports");
        Assert.EndsWith("/console/signin", page.Url);
        await page.FillAsync("#token", "sbx_forged");
        var waited = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Url.EndsWith("/console/signin", StringComparison.Ordinal));
        Assert.Equal(401, waited.Status);
        Assert.Equal(200, (await page.GotoAsync("/console/exports"))!.Status);
        Assert.EndsWith("/console/signin", page.Url);
        await context.CloseAsync();
    }

    [BrowserFact]
    public async Task RevokingTheToken_SignsTheBrowserOutAtOnce()
    {
        var page = await city.SignInAsync("expert-reviewer");
        Assert.Equal(200, (await page.GotoAsync("/console/exports"))!.Status);
        var tokens = Sandbox.Host.Api.ApiTokens.Of(new Sandbox.Host.Home.SandboxHome(city.Home.Root), city.Home.Time);
        foreach (var issued in tokens.List().Where(t => t.Principal == "expert-reviewer")) city.Home.Ok("token", "revoke", issued.Id);

        await page.GotoAsync("/console/exports");

        Assert.EndsWith("/console/signin", page.Url);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "sandbox_console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task ReviewPage_OfAFailingExport_HighlightsExactlyTheFlaggedCells()
    {
        var report = city.Request("by_industry");
        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        var id = report.GetProperty("id").GetString()!;
        var expected = report.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() != "pass")
            .SelectMany(c => c.GetProperty("findings").EnumerateArray())
            .Where(f => f.GetProperty("row").ValueKind == JsonValueKind.Number && f.GetProperty("column").ValueKind == JsonValueKind.String)
            .Select(f => $"{f.GetProperty("row").GetInt32()}:{f.GetProperty("column").GetString()}")
            .ToHashSet();
        Assert.NotEmpty(expected);

        var page = await city.SignInAsync("gov-reviewer", "en");
        Assert.Equal(200, (await page.GotoAsync($"/console/exports/{id}"))!.Status);

        var flagged = await Attributes(page.Locator("#output td.flagged"), "data-cell");
        Assert.Equal(expected.Order(), flagged.Order());
        Assert.True(await page.Locator("#output td:not(.flagged)").CountAsync() > 0, "some cells pass and must not be highlighted");
        var title = await page.Locator("#output td.flagged").First.GetAttributeAsync("title");
        Assert.Contains("threshold", title);
        Assert.Contains("subjects", title);
        Assert.True(await page.Locator("#override").IsVisibleAsync(), "overriding a fail asks for the justification");
        Assert.Contains("group by district, industry", await page.Locator("pre").TextContentAsync());

        Directory.CreateDirectory(ConsoleFixture.Artifacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Artifacts, "console-review-full.png"), FullPage = true });
        await page.Locator("#output").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Artifacts, "console-review.png") });

        // The justification is enforced by the review rules, and the refusal shows as a page.
        await page.CheckAsync("input[value=approve]");
        await page.FillAsync("#note", "ok");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#review button[type=submit]"), r => r.Request.Method == "POST");
        Assert.Equal(422, refused.Status);
        Assert.Contains("justification", await page.Locator("#message").TextContentAsync());
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task TwoStageApprovalAndRelease_DoneThroughThePages_GivesASignedBundle()
    {
        var id = city.Request("by_district").GetProperty("id").GetString()!;

        await Decide("gov-reviewer", id, "approve", "counts per district, every cell well above the threshold");
        Assert.Contains("\"technical-approved\"", city.Home.Ok("export", "show", id, "--json").Replace(" ", ""));
        await Decide("expert-reviewer", id, "approve", "agreed: aggregate counts for the SME credit scenario");

        var page = await city.SignInAsync("zijin-analyst");
        await page.GotoAsync($"/console/exports/{id}");
        Assert.Equal("approved", await page.Locator("#state").TextContentAsync());
        Assert.Equal(0, await page.Locator("#output").CountAsync());
        await page.ClickAsync("#release-form button");
        Assert.Equal("released", await page.Locator("#state").TextContentAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#bundle"));
        var names = new List<string>();
        await using (var tar = File.OpenRead(await download.PathAsync()))
        using (var reader = new TarReader(tar))
        {
            while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        }
        Assert.Contains("manifest.json", names);
        Assert.Contains("manifest.sig", names);
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Operator_OfAnotherOrganization_GetsA404_AndTheRequesterCannotReview()
    {
        var id = city.Request("by_district").GetProperty("id").GetString()!;

        var other = await city.SignInAsync("harbor-analyst");
        Assert.Equal(404, (await other.GotoAsync($"/console/exports/{id}"))!.Status);
        // Another operator's export reads as a missing one, in the page's language (Chinese, then English).
        Assert.Equal($"EXPORT_ID：没有导出“{id}”", await other.Locator("#message").TextContentAsync());
        Assert.Equal(404, (await other.GotoAsync("/console/exports/exp-none"))!.Status);
        Assert.Equal("EXPORT_ID：没有导出“exp-none”", await other.Locator("#message").TextContentAsync());
        Assert.Equal(404, (await other.GotoAsync($"/console/exports/{id}?lang=en"))!.Status);
        Assert.Equal($"EXPORT_ID: no export '{id}'", await other.Locator("#message").TextContentAsync());
        Assert.Equal(404, (await other.GotoAsync("/console/exports/exp-none"))!.Status);
        Assert.Equal("EXPORT_ID: no export 'exp-none'", await other.Locator("#message").TextContentAsync());
        Assert.DoesNotContain(id, await (await other.GotoAsync("/console/exports"))!.TextAsync());
        Assert.Equal(404, (await Post(other, $"/console/exports/{id}/review", withCsrf: true)).Status);
        await other.Context.CloseAsync();

        var requester = await city.SignInAsync("zijin-analyst");
        await requester.GotoAsync($"/console/exports/{id}");
        Assert.Equal(0, await requester.Locator("#review").CountAsync());
        var response = await Post(requester, $"/console/exports/{id}/review", withCsrf: true);
        Assert.Equal(403, response.Status);
        Assert.Contains("zijin-analyst 无权审查导出", System.Net.WebUtility.HtmlDecode(await response.TextAsync()));
        await requester.GotoAsync($"/console/exports/{id}?lang=en");
        response = await Post(requester, $"/console/exports/{id}/review", withCsrf: true);
        Assert.Equal(403, response.Status);
        Assert.Contains("may not review exports", await response.TextAsync());
        await requester.Context.CloseAsync();
        Assert.Contains("\"checked\"", city.Home.Ok("export", "show", id, "--json").Replace(" ", ""));
    }

    [BrowserFact]
    public async Task Post_WithoutTheCsrfToken_IsRefusedAndChangesNothing()
    {
        var id = city.Request("by_district").GetProperty("id").GetString()!;
        var page = await city.SignInAsync("gov-reviewer");
        await page.GotoAsync($"/console/exports/{id}");

        var response = await Post(page, $"/console/exports/{id}/review", withCsrf: false);

        Assert.Equal(400, response.Status);
        Assert.Contains("CSRF", await response.TextAsync());
        Assert.Contains("\"checked\"", city.Home.Ok("export", "show", id, "--json").Replace(" ", ""));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task GrantOverview_ForTheBureau_ShowsGrantsByStateWithTheirPeriods()
    {
        var page = await city.SignInAsync("bureau-officer");
        Assert.Equal(200, (await page.GotoAsync("/console/grants"))!.Status);
        var text = await page.Locator("main").TextContentAsync();
        Assert.Contains("nj-credit-2026", text);
        Assert.Contains("nj-logistics-2027", text);
        Assert.Equal(2, await page.Locator("table.grants").CountAsync());
        Assert.StartsWith("4 ", await page.Locator("#grants-publicized .countdown").TextContentAsync());
        Assert.True(await page.Locator("#alerts").CountAsync() == 1, "the bureau sees alerts");
        Directory.CreateDirectory(ConsoleFixture.Artifacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Artifacts, "console-grants.png") });
        await page.Context.CloseAsync();

        var operatorPage = await city.SignInAsync("harbor-analyst");
        await operatorPage.GotoAsync("/console/grants");
        var seen = await operatorPage.Locator("main").TextContentAsync();
        Assert.Contains("nj-logistics-2027", seen);
        Assert.DoesNotContain("nj-credit-2026", seen);
        Assert.Equal(0, await operatorPage.Locator("#alerts").CountAsync());
        await operatorPage.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task AuditView_ForTheAuditor_VerifiesTheChainAndFilters()
    {
        var page = await city.SignInAsync("city-auditor", "en");
        await page.GotoAsync("/console/audit?action=export.");
        Assert.Contains("verifies", await page.Locator("#verified").TextContentAsync());
        var actions = await Task.WhenAll((await page.Locator("#entries tbody tr td:nth-child(4)").AllAsync()).Select(c => c.TextContentAsync()));
        Assert.All(actions, a => Assert.StartsWith("export.", a));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Queue_OfManyPendingExports_Paginates()
    {
        var id = city.Request("by_district").GetProperty("id").GetString()!;
        // 120 more pending requests: copies of that one's row.
        city.Home.Sql($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
            INSERT INTO exports(id, job_id, output, path, sha256, requested_by, requested_at, state, report_json, release_id, bundle_path)
            SELECT id || '-' || printf('%04d', i), job_id, output, path, sha256, requested_by, requested_at, state, report_json, release_id, bundle_path
            FROM exports, n WHERE id = '{id}'
            """);
        var page = await city.SignInAsync("gov-reviewer");
        await page.GotoAsync("/console/exports?stage=technical");
        var total = int.Parse((await page.Locator("#total").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total > 120, $"total {total}");
        Assert.Equal(50, await page.Locator("#queue tbody tr").CountAsync());
        await page.ClickAsync("a[rel=next]");
        Assert.Contains("page=2", page.Url);
        Assert.Equal(50, await page.Locator("#queue tbody tr").CountAsync());
        var last = (total + 49) / 50;
        Assert.Equal(total - (last - 1) * 50, await (await Goto(page, $"/console/exports?stage=technical&page={last}")).Locator("#queue tbody tr").CountAsync());
        Assert.Equal(400, (await page.GotoAsync($"/console/exports?stage=technical&page={last + 1}"))!.Status);
        await page.Context.CloseAsync();
    }

    private static async Task<IPage> Goto(IPage page, string path)
    {
        await page.GotoAsync(path);
        return page;
    }

    private async Task Decide(string reviewer, string id, string action, string note)
    {
        var page = await city.SignInAsync(reviewer);
        await page.GotoAsync($"/console/exports/{id}");
        await page.CheckAsync($"input[value={action}]");
        await page.FillAsync("#note", note);
        await page.ClickAsync("#review button[type=submit]");
        Assert.EndsWith($"/console/exports/{id}", page.Url);
        Assert.Contains(note, await page.Locator("#reviews").TextContentAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>A form POST with the page's cookies, as a forged or hand-made request would be; with or without the page's CSRF token.</summary>
    private static async Task<IAPIResponse> Post(IPage page, string path, bool withCsrf)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("stage", "technical");
        form.Set("action", "approve");
        form.Set("note", "approved without looking at the output");
        if (withCsrf) form.Set("__csrf", (await page.Locator("input[name=__csrf]").First.GetAttributeAsync("value"))!);
        return await page.Context.APIRequest.PostAsync(path, new() { Form = form });
    }

    private static async Task<List<string>> Attributes(ILocator locator, string name) =>
        [.. (await Task.WhenAll((await locator.AllAsync()).Select(l => l.GetAttributeAsync(name)))).OfType<string>()];
}
