using System.Text.Json;

namespace Sandbox.Host.Audit;

/// <summary>Reads the fields of an audit entry's JSON detail, which older entries and enum values write in more than one form.</summary>
internal static class AuditDetail
{
    /// <summary>The detail's root element; an empty object when the detail is not JSON.</summary>
    public static JsonElement Parse(string detail)
    {
        try
        {
            using var document = JsonDocument.Parse(detail);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }
    }

    /// <summary>The element at <paramref name="path"/>, or null when a step is missing.</summary>
    public static JsonElement? At(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }
        return element;
    }

    /// <summary>The string at <paramref name="path"/>, or null.</summary>
    public static string? Text(JsonElement element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>The enum at <paramref name="path"/>, written as its number or its name (any case); null when neither.</summary>
    public static TEnum? Enum<TEnum>(JsonElement element, params string[] path) where TEnum : struct, System.Enum
    {
        var value = At(element, path);
        if (value is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var n) && System.Enum.IsDefined(typeof(TEnum), n))
        {
            return (TEnum)System.Enum.ToObject(typeof(TEnum), n);
        }
        return value is { ValueKind: JsonValueKind.String } text && System.Enum.TryParse<TEnum>(text.GetString(), ignoreCase: true, out var parsed)
            && !int.TryParse(text.GetString(), out _)
            ? parsed
            : null;
    }
}
