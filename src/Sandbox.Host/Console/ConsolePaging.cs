using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Console;

/// <summary>The <c>?page=</c> of a list: 1-based; past the last page is bad input naming the parameter.</summary>
internal static class ConsolePaging
{
    public static (int Page, int Pages) Of(HttpContext context, int total, int size)
    {
        var pages = Math.Max(1, (total + size - 1) / size);
        var text = context.Request.Query["page"].ToString();
        if (text.Length == 0) return (1, pages);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 && page <= pages
            ? (page, pages) : throw new InputException(new LocalMessage("api.paging.range", ("name", "page"), ("min", 1), ("max", pages)));
    }

    /// <summary>A filter value, or null; at most 128 characters.</summary>
    public static string? Filter(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString().Trim();
        if (value.Length == 0) return null;
        return value.Length <= 128 ? value : throw new InputException(new LocalMessage("api.paging.long", ("name", name)));
    }
}
