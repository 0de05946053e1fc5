using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Api;

/// <summary>
/// Paging and filters of the API's lists: <c>?limit=</c> (1–500, default 100) and <c>?offset=</c>, the total in
/// <c>X-Total-Count</c>; <c>?state=</c>, <c>?grant=</c> and <c>?since=</c> (an ISO 8601 time) where a list has them.
/// A malformed value is bad input naming the parameter.
/// </summary>
internal static class ApiPaging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>The page of <paramref name="items"/> the query asks for; sets the total header.</summary>
    public static IEnumerable<T> Page<T>(HttpContext context, IReadOnlyCollection<T> items)
    {
        var limit = Int(context, "limit", DefaultLimit, 1, MaxLimit);
        var offset = Int(context, "offset", 0, 0, int.MaxValue);
        context.Response.Headers[ApiContract.TotalCountHeader] = items.Count.ToString(CultureInfo.InvariantCulture);
        return items.Skip(offset).Take(limit);
    }

    /// <summary>A filter value, or null when absent; at most 128 characters.</summary>
    public static string? Filter(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        if (value.Length == 0) return null;
        return value.Length <= 128 ? value : throw new InputException(new LocalMessage("api.paging.long", ("name", name)));
    }

    /// <summary>The <c>since</c> filter, or null.</summary>
    public static DateTimeOffset? Since(HttpContext context) =>
        Filter(context, "since") is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : throw new InputException(new LocalMessage("api.paging.since"));

    /// <summary>A whole number from 0 (the default) up, e.g. a byte offset to read on from.</summary>
    public static long Offset(HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0) return 0;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : throw new InputException(new LocalMessage("api.paging.range", ("name", name), ("min", 0), ("max", long.MaxValue)));
    }

    private static int Int(HttpContext context, string name, int fallback, int min, int max)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value : throw new InputException(new LocalMessage("api.paging.range", ("name", name), ("min", min), ("max", max)));
    }
}
