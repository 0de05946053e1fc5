using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Api;

/// <summary>Request bodies: JSON of the expected shape, typed; anything else is bad input naming the body.</summary>
internal static class ApiBodies
{
    // The contracts' options, with the bodies' shapes generated at compile time (ApiJsonContext).
    private static readonly JsonSerializerOptions Options = new(Jsons.Options) { TypeInfoResolver = ApiJsonContext.Default };

    public static async Task<T?> ReadAsync<T>(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)), context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new InputException(new LocalMessage("api.body.shape"));
        }
    }
}
