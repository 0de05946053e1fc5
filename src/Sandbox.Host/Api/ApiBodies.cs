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

    /// <summary>An API body of type <typeparamref name="T"/> (one <see cref="ApiJsonContext"/> lists) from its JSON.</summary>
    public static T? Read<T>(JsonElement body) => body.Deserialize(Shape<T>());

    /// <summary>An API body of type <typeparamref name="T"/> (one <see cref="ApiJsonContext"/> lists) from its JSON.</summary>
    public static T? Read<T>(string json) => JsonSerializer.Deserialize(json, Shape<T>());

    // From the one options instance, whose shapes are cached: read on every request and every --server answer.
    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Shape<T>() => (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static async Task<T?> ReadAsync<T>(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, Shape<T>(), context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new InputException(new LocalMessage("api.body.shape"));
        }
    }
}
