using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sandbox.Host.Api.Bodies;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Reports;

namespace Sandbox.Host.Api;

/// <summary>
/// Usage and annual operation reports over the API (seed §11, §14). The annual report comes with its signature: the
/// files' exact text, the manifest that lists their hashes and the manifest's Ed25519 signature (the key of
/// <c>GET /v1/keys</c>), so a client can check it offline as it would a bundle.
/// </summary>
internal static class ApiReports
{
    /// <summary><c>GET /v1/reports/usage?operator=O&amp;from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>.</summary>
    public static IResult Usage(HttpContext context, SandboxSession session)
    {
        var organization = Required(context, "operator");
        var report = ReportService.Usage(session, organization, Day(context, "from"), Day(context, "to"));
        return ApiResults.Json(report);
    }

    /// <summary><c>GET /v1/reports/annual?operator=O&amp;year=N</c>.</summary>
    public static IResult Annual(HttpContext context, SandboxSession session)
    {
        var organization = Required(context, "operator");
        var text = Required(context, "year");
        var year = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : throw new InputException(new LocalMessage("api.report.year", ("value", text)));
        var signed = ReportService.Annual(session, organization, year);
        return ApiResults.Json(new AnnualReportBody(
            signed.Report,
            signed.Files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetString(f.Value), StringComparer.Ordinal),
            Encoding.UTF8.GetString(signed.Manifest),
            Convert.ToHexStringLower(signed.Signature),
            session.PublicKeyHex));
    }

    private static string Required(HttpContext context, string name) =>
        ApiPaging.Filter(context, name) ?? throw new InputException(new LocalMessage("api.required", ("name", name)));

    private static DateOnly Day(HttpContext context, string name)
    {
        var text = Required(context, name);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : throw new InputException(new LocalMessage("api.day", ("name", name)));
    }
}
