using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Api;

/// <summary>Request bodies: JSON of the expected shape, typed; anything else is bad input naming the body.</summary>
internal static class ApiBodies
{
    public static async Task<T?> ReadAsync<T>(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Jsons.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new InputException(new LocalMessage("api.body.shape"));
        }
    }
}
