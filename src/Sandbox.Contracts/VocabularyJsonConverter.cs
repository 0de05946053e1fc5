using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Contracts;

/// <summary>Writes and reads a vocabulary's values by their contract names; an unknown name is a <see cref="JsonException"/>.</summary>
/// <typeparam name="T">The enum.</typeparam>
public sealed class VocabularyJsonConverter<T>(Vocabulary<T> vocabulary) : JsonConverter<T>, IVocabularyNames where T : struct, Enum
{
    /// <inheritdoc/>
    public string? NameOf(object value) => value is T typed ? vocabulary.Name(typed) : null;

    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && vocabulary.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonException($"expected one of {string.Join(", ", vocabulary.Names)}");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(vocabulary.Name(value));
    }
}
