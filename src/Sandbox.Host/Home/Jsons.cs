using System.Text.Encodings.Web;
using System.Text.Json;
using Sandbox.Host.Store;

namespace Sandbox.Host.Home;

/// <summary>The JSON conventions of every contract: camelCase keys, kebab-case enum values, readable Chinese.</summary>
public static class Jsons
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new NamedEnums(JsonNamingPolicy.KebabCaseLower) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    /// <summary>
    /// <paramref name="value"/> as the serializer writes it with <see cref="Options"/> (by <see cref="ObjectJson"/>:
    /// no reflection metadata built for an anonymous answer).
    /// </summary>
    public static string Serialize(object? value) => ObjectJson.Serialize(value, Options);

    /// <summary>
    /// The shape of <typeparamref name="T"/> from <paramref name="generated"/> (a context generated at compile time: the
    /// native image has no reflection-based shapes), read and written with <see cref="Options"/>.
    /// </summary>
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Shape<T>(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver generated) =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)new JsonSerializerOptions(Options) { TypeInfoResolver = generated }.GetTypeInfo(typeof(T));

    /// <summary><paramref name="value"/> as the serializer writes it with <see cref="Indented"/>.</summary>
    public static string SerializeIndented(object? value) => ObjectJson.Serialize(value, Indented);
}
