using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Export.Release;

/// <summary>The one serialization of <see cref="ReleaseManifest"/>: the signature covers its exact bytes.</summary>
internal static class ManifestJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
        IndentSize = 2,
        // Fixed, not Environment.NewLine: the same manifest gives the same bytes on every platform.
        NewLine = "\n",
        // Chinese names stay readable in the manifest a recipient opens.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(ReleaseManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Options);

    public static byte[] Serialize(ProductRegistration registration) => JsonSerializer.SerializeToUtf8Bytes(registration, Options);

    /// <exception cref="JsonException">The bytes are not a <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(byte[] json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("the document is null");

    /// <exception cref="JsonException">The bytes are not a manifest.</exception>
    public static ReleaseManifest Deserialize(byte[] json) =>
        JsonSerializer.Deserialize<ReleaseManifest>(json, Options) ?? throw new JsonException("the manifest is null");
}
