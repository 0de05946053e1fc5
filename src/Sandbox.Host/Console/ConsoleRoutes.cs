using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Host.Api;
using Sandbox.Host.Console.Pages;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Console;

/// <summary>
/// The web console: server-rendered pages (Razor components, static rendering) on the API's Kestrel host under
/// <c>/console</c>. A browser signs in with an API token, exchanged for an HttpOnly, SameSite=Strict cookie; every
/// POST carries an antiforgery token; every page opens the home as the signed-in principal and calls the same
/// services as the API, so the one authorizer decides. What a principal may not see is a 404 page. No JavaScript.
/// </summary>
internal sealed partial class ConsoleRoutes(SandboxHome home, TimeProvider time)
{
    /// <summary>Where the console lives.</summary>
    public const string Prefix = "/console";

    private readonly ConsoleSessions _sessions = new(time);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex IdPattern();

    /// <summary>The services the pages need: static rendering of components and the antiforgery tokens.</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "sandbox_csrf";
            o.Cookie.Path = Prefix;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
        });
    }

    /// <summary>
    /// The console's step of the host's authentication: a live session cookie names the principal (checked again
    /// against the token file on every request). Pages without one send the browser to the sign-in page.
    /// </summary>
    public async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        // Nothing of the page's is inline or from elsewhere: no script at all, styles from /console/console.css only.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        var token = _sessions.TokenOf(context.Request.Cookies[ConsoleSessions.CookieName]);
        if (token is not null && ApiTokens.Of(home, time).PrincipalOf(token) is { } principal)
        {
            context.Items[ApiRoutes.PrincipalKey] = principal;
            // The antiforgery tokens are bound to this name: a form rendered for one principal fails for another.
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, principal)], "sandbox-console"));
        }
        await next(context).ConfigureAwait(false);
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Prefix + "/console.css", () => Results.Text(ConsoleStyle.Css, "text/css"));
        app.MapGet(Prefix + "/signin", SignInForm);
        app.MapPost(Prefix + "/signin", SignInAsync);
        app.MapPost(Prefix + "/signout", Task<IResult> (HttpContext context) => Page(context, (c, _, _) =>
        {
            _sessions.Close(c.Request.Cookies[ConsoleSessions.CookieName]);
            c.Response.Cookies.Delete(ConsoleSessions.CookieName, CookieOptions(c));
            return Results.Redirect(Prefix + "/signin", false);
        }));
        app.MapGet(Prefix, Task<IResult> (HttpContext context) => Page(context, (c, s, v) => Render<HomePage>(v, new { })));
        app.MapGet(Prefix + "/exports", Task<IResult> (HttpContext context) => Page(context, (c, s, v) => Render<QueuePage>(v, ConsoleExports.Queue(c, s, v.T))));
        app.MapGet(Prefix + "/exports/{id}", Task<IResult> (HttpContext context) => Page(context, (c, s, v) => Render<ExportPage>(v, ConsoleExports.Show(s, Id(c)))));
        app.MapPost(Prefix + "/exports/{id}/review", Task<IResult> (HttpContext context) => Page(context, (c, s, _) => ConsoleExports.Review(c, s, Id(c))));
        app.MapPost(Prefix + "/exports/{id}/release", Task<IResult> (HttpContext context) => Page(context, (c, s, _) => ConsoleExports.Release(s, Id(c))));
        app.MapGet(Prefix + "/exports/{id}/bundle", Task<IResult> (HttpContext context) => Page(context, (c, s, _) => ApiExports.Bundle(s, Id(c))));
        app.MapGet(Prefix + "/jobs", Task<IResult> (HttpContext context) => Page(context, (c, s, v) => Render<JobsPage>(v, ConsoleCatalog.Jobs(c, s, v.T))));
        app.MapGet(Prefix + "/grants", Task<IResult> (HttpContext context) => Page(context, (c, s, v) => Render<GrantsPage>(v, ConsoleCatalog.Grants(s))));
        app.MapGet(Prefix + "/audit", Task<IResult> (HttpContext context) => Page(context, (c, s, v) => Render<AuditPage>(v, ConsoleAudit.Of(c, s))));
    }

    private IResult SignInForm(HttpContext context, IAntiforgery antiforgery)
    {
        var text = Language(context);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var view = new ConsoleView(text, "", "", tokens.FormFieldName, tokens.RequestToken!, [], Prefix + "/signin");
        return Render<SignInPage>(view, new MessageModel("", ""));
    }

    private async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var text = Language(context);
        if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false)) return Refusal(context, StatusCodes.Status400BadRequest, "Bad input", "the form's CSRF token is missing or invalid");
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var token = form["token"].ToString().Trim();
        if (token.Length > 200 || ApiTokens.Of(home, time).PrincipalOf(token) is null)
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            var view = new ConsoleView(text, "", "", tokens.FormFieldName, tokens.RequestToken!, [], Prefix + "/signin");
            return Render<SignInPage>(view, new MessageModel(text["The token is not valid or has expired."], ""), StatusCodes.Status401Unauthorized);
        }
        context.Response.Cookies.Append(ConsoleSessions.CookieName, _sessions.Open(token), CookieOptions(context));
        return Results.Redirect(Prefix, false);
    }

    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = Prefix,
    };

    private static ConsoleText Language(HttpContext context)
    {
        var asked = context.Request.Query["lang"].ToString();
        if (asked is "en" or "zh")
        {
            context.Response.Cookies.Append(ConsoleText.CookieName, asked, new CookieOptions { SameSite = SameSiteMode.Strict, Path = Prefix, Secure = context.Request.IsHttps, HttpOnly = true });
        }
        return ConsoleText.Of(asked.Length > 0 ? asked : null, context.Request.Cookies[ConsoleText.CookieName]);
    }

    /// <summary>A route's id; anything that does not look like one is a resource that does not exist.</summary>
    private static string Id(HttpContext context)
    {
        var value = context.Request.RouteValues["id"]?.ToString() ?? "";
        return IdPattern().IsMatch(value) ? value : throw new NotFoundException(new LocalMessage("api.no-such.export"));
    }

    /// <summary>
    /// A page or action as the signed-in principal: signs in first, checks the CSRF token of every POST, opens the
    /// home as the principal, and answers the domain's refusals as pages with their status codes.
    /// </summary>
    /// Each is a lambda at its MapGet/MapPost call, the form the request delegate generator compiles ahead of time.
    private async Task<IResult> Page(HttpContext context, Func<HttpContext, SandboxSession, ConsoleView, IResult> body)
    {
        if (context.Items[ApiRoutes.PrincipalKey] is not string principal)
        {
            return HttpMethods.IsGet(context.Request.Method)
                ? Results.Redirect(Prefix + "/signin", false)
                : Refusal(context, StatusCodes.Status401Unauthorized, "Sign in", "sign in first");
        }
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        if (HttpMethods.IsPost(context.Request.Method) && !await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
        {
            return Refusal(context, StatusCodes.Status400BadRequest, "Bad input", "the form's CSRF token is missing or invalid");
        }
        try
        {
            using var session = SandboxSession.Open(home, principal, time, pooled: true);
            var tokens = antiforgery.GetAndStoreTokens(context);
            var text = Language(context);
            var view = new ConsoleView(text, principal, session.Principal.Name, tokens.FormFieldName, tokens.RequestToken!, Menu(session, text, context.Request.Path), context.Request.Path);
            return body(context, session, view);
        }
        // The domain's messages in the page's language, as the CLI and the API say them (a hidden resource alike).
        catch (NotFoundException ex) { return Refusal(context, StatusCodes.Status404NotFound, "Not found", ex.Message, ex.Localized); }
        catch (ForbiddenException ex) { return Refusal(context, StatusCodes.Status403Forbidden, "Not allowed", ex.Message, ex.Localized); }
        catch (RefusedException ex) { return Refusal(context, StatusCodes.Status422UnprocessableEntity, "Refused", ex.Message, ex.Localized); }
        catch (InputException ex) { return Refusal(context, StatusCodes.Status400BadRequest, "Bad input", ex.Message, ex.Localized); }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            var (id, _) = CrashLog.Write(home, ex, time);
            var incident = new LocalMessage("api.incident", ("id", id));
            return Refusal(context, StatusCodes.Status500InternalServerError, "Refused", incident.ToString(), incident);
        }
    }

    /// <summary>The menu: only the pages the principal's roles have something on.</summary>
    private static IReadOnlyList<ConsoleLink> Menu(SandboxSession session, ConsoleText t, string path)
    {
        var links = new List<ConsoleLink> { new(Prefix, t["Home"]) };
        var roles = session.Principal.Roles;
        bool Any(AccessAction action) => AccessRules.Table[action].Any(r => roles.Contains(r.Role));
        if (Any(AccessAction.ExportView)) links.Add(new(Prefix + "/exports", Any(AccessAction.ExportReview) ? t["Review queue"] : t["Exports"]));
        if (Any(AccessAction.JobView)) links.Add(new(Prefix + "/jobs", t["Jobs"]));
        if (Any(AccessAction.GrantView)) links.Add(new(Prefix + "/grants", t["Grants"]));
        if (Any(AccessAction.AuditRead)) links.Add(new(Prefix + "/audit", t["Audit"]));
        return [.. links.Select(l => l with { Current = l.Href == path })];
    }

    private static IResult Render<TComponent>(ConsoleView view, object model, int status = StatusCodes.Status200OK) where TComponent : IComponent =>
        new RazorComponentResult<TComponent>(new Dictionary<string, object?> { ["View"] = view, ["Model"] = model }) { StatusCode = status };

    /// <summary>
    /// A refusal page in the reader's language (<c>?lang=</c>, else the cookie): <paramref name="localized"/> when the
    /// message has an id, else <paramref name="message"/> as a phrase of <see cref="ConsoleText"/>.
    /// </summary>
    private static IResult Refusal(HttpContext context, int status, string title, string message, LocalMessage? localized = null)
    {
        var asked = context.Request.Query["lang"].ToString();
        var text = ConsoleText.Of(asked.Length > 0 ? asked : null, context.Request.Cookies[ConsoleText.CookieName]);
        var view = new ConsoleView(text, context.Items[ApiRoutes.PrincipalKey] as string ?? "", "", "", "", [new ConsoleLink(Prefix, text["Home"])], context.Request.Path);
        return Render<MessagePage>(view, new MessageModel(text[title], localized is null ? text[message] : text.Say(localized, message)), status);
    }
}
