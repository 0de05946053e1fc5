using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Sandbox.Export.Checks;
using Sandbox.Export.Review;

namespace Sandbox.Export.Release;

/// <summary>The one serialization of <see cref="ReleaseManifest"/>: the signature covers its exact bytes.</summary>
internal static class ManifestJson
{
    // The shapes are generated at compile time (ManifestJsonContext); the options stay those every released manifest
    // was written with: camelCase keys and enum names, indented by two with "\n".
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters =
        {
            new JsonStringEnumConverter<CheckStatus>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<ReviewStage>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<ReviewAction>(JsonNamingPolicy.CamelCase),
        },
        WriteIndented = true,
        IndentSize = 2,
        // Fixed, not Environment.NewLine: the same manifest gives the same bytes on every platform.
        NewLine = "\n",
        // Chinese names stay readable in the manifest a recipient opens.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ManifestJsonContext.Default,
    };

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static byte[] Serialize(ReleaseManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Info<ReleaseManifest>());

    public static byte[] Serialize(ProductRegistration registration) => JsonSerializer.SerializeToUtf8Bytes(registration, Info<ProductRegistration>());

    /// <exception cref="JsonException">The bytes are not a product registration.</exception>
    public static ProductRegistration DeserializeRegistration(byte[] json) =>
        JsonSerializer.Deserialize(json, Info<ProductRegistration>()) ?? throw new JsonException("the document is null");

    /// <exception cref="JsonException">The bytes are not a manifest.</exception>
    public static ReleaseManifest Deserialize(byte[] json) =>
        JsonSerializer.Deserialize(json, Info<ReleaseManifest>()) ?? throw new JsonException("the manifest is null");
}

/// <summary>The manifest's and the registration's shapes, generated at compile time.</summary>
[JsonSerializable(typeof(ReleaseManifest))]
[JsonSerializable(typeof(ProductRegistration))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
