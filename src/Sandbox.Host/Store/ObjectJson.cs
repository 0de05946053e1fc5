using System.Buffers;
using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Contracts;

namespace Sandbox.Host.Store;

/// <summary>
/// An object as JSON, written exactly as <see cref="JsonSerializer"/> writes it with the given options, without
/// System.Text.Json's reflection metadata for each type: audit details (anonymous objects) and the command line's
/// <c>--json</c> answers (<see cref="Home.Jsons.Serialize"/>). That metadata (property accessors emitted and compiled
/// at run time, a converter per property type) was most of what a new process's first audited change cost, four
/// times a job, and an ahead-of-time image has none of it. Anonymous objects, plain sealed records, strings,
/// booleans, numbers, decimals, times and dates, enums (by their vocabulary converter, else by name, through the
/// naming policy of the options' <see cref="NamedEnums"/> or the enum's own string converter, else by number), JSON
/// elements and nodes, sequences and string-keyed dictionaries of these are written here; any other value (a record
/// with serializer attributes, a derived class, a flags enum, a type with a converter) is written by the serializer
/// itself, with the same options — which the native image does not have: debug builds (the tests) throw there instead,
/// so what the native image could not write fails in every test. Debug builds also compare every object with the
/// serializer's own output and throw on the first difference.
/// </summary>
internal static class ObjectJson
{
    private static readonly ConditionalWeakTable<Type, PropertyInfo[]> Shapes = [];

    // Whether a type, or one of its public properties, carries a serializer attribute: read once per type (a warm
    // host writes every API answer here; reading attributes allocates).
    private static readonly ConditionalWeakTable<Type, StrongBox<(bool Type, bool Properties)>> Attributed = [];

    /// <summary>The object as the serializer would write it with <paramref name="options"/>.</summary>
    public static string Serialize(object? detail, JsonSerializerOptions options)
    {
        var json = Write(detail, options);
#if DEBUG
        var expected = JsonSerializer.Serialize(detail, options);
        if (json != expected) throw new InvalidOperationException($"JSON of {detail?.GetType()}: wrote {json}, the serializer writes {expected}");
#endif
        return json;
    }

    /// <summary>The object written here, without the debug build's comparison.</summary>
    internal static string Write(object? detail, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
        }))
        {
            Write(writer, detail, typeof(object), options);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, object? value, Type declared, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        // The serializer writes a value declared as object by its runtime type, any other by its declared type.
        var type = declared == typeof(object) ? value.GetType() : Nullable.GetUnderlyingType(declared) ?? declared;
        if (type == typeof(string)) writer.WriteStringValue((string)value);
        else if (type == typeof(bool)) writer.WriteBooleanValue((bool)value);
        else if (type == typeof(int)) writer.WriteNumberValue((int)value);
        else if (type == typeof(long)) writer.WriteNumberValue((long)value);
        else if (type == typeof(double)) Floating(writer, (double)value, null, options);
        else if (type == typeof(float)) Floating(writer, (float)value, (float)value, options);
        else if (type == typeof(decimal)) writer.WriteNumberValue((decimal)value);
        else if (type == typeof(short) || type == typeof(sbyte)) writer.WriteNumberValue(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
        else if (type == typeof(byte) || type == typeof(ushort) || type == typeof(uint)) writer.WriteNumberValue(Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture));
        else if (type == typeof(ulong)) writer.WriteNumberValue((ulong)value);
        else if (type == typeof(JsonElement)) ((JsonElement)value).WriteTo(writer);
        else if (value is System.Text.Json.Nodes.JsonNode node) node.WriteTo(writer, options);
        else if (type == typeof(DateTimeOffset)) writer.WriteStringValue((DateTimeOffset)value);
        else if (type == typeof(DateOnly)) writer.WriteStringValue(((DateOnly)value).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        else if (type == typeof(DateTime)) writer.WriteStringValue((DateTime)value);
        else if (type == typeof(Guid)) writer.WriteStringValue((Guid)value);
        else if (type.IsEnum && EnumName(value, type, options) is { } name) writer.WriteStringValue(name);
        else if (type.IsEnum && !type.IsDefined(typeof(FlagsAttribute), false) && !options.Converters.Any(c => c is not JsonStringEnumConverter && c.CanConvert(type))
            && !AttributesOf(type).Type && (Enum.GetName(type, value) is null || !options.Converters.OfType<JsonStringEnumConverter>().Any()))
        {
            // No converter names it (none does, or it has no name): its number, as the serializer writes it.
            if (Enum.GetUnderlyingType(type) == typeof(ulong)) writer.WriteNumberValue(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            else writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (IsAnonymous(type) || IsPlain(type, options))
        {
            writer.WriteStartObject();
            foreach (var property in Shapes.GetValue(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)))
            {
                writer.WritePropertyName(options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name);
                Write(writer, property.GetValue(value), property.PropertyType, options);
            }
            writer.WriteEndObject();
        }
        else if (value is IDictionary map && StringKeyed(type) is { } valueType && !HasConverter(type, options))
        {
            writer.WriteStartObject();
            foreach (DictionaryEntry entry in map)
            {
                var key = (string)entry.Key;
                writer.WritePropertyName(options.DictionaryKeyPolicy?.ConvertName(key) ?? key);
                Write(writer, entry.Value, valueType, options);
            }
            writer.WriteEndObject();
        }
        else if (ElementOf(type) is { } element && !HasConverter(type, options))
        {
            writer.WriteStartArray();
            foreach (var item in (IEnumerable)value) Write(writer, item, element, options);
            writer.WriteEndArray();
        }
        else
        {
#if DEBUG
            // The native image has no reflection-based serializer: what reaches it there is a failure, so every test
            // (debug builds) fails on it here, where the runtime would have written it silently.
            if (options.TypeInfoResolver is null or System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver) throw new NotSupportedException($"ObjectJson cannot write {type} and the native image has no serializer to hand it to: teach ObjectJson its shape, or give the options generated shapes");
#endif
            JsonSerializer.Serialize(writer, value, type, options);
        }
    }

    // A number (a float as a float: its shortest form differs); a NaN or an infinity only as a name where the options
    // allow names, as the serializer does, and refused as it refuses them otherwise.
    private static void Floating(Utf8JsonWriter writer, double value, float? single, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            if (single is { } f) writer.WriteNumberValue(f);
            else writer.WriteNumberValue(value);
        }
        else if ((options.NumberHandling & JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0)
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            throw new ArgumentException($".NET number values such as positive and negative infinity cannot be written as valid JSON ({value})", nameof(value));
        }
    }

    // A vocabulary's converter among the options names its enum's values; other enums are written by name as the
    // options' NamedEnums writes them (a member's JsonStringEnumMemberName, else its name through the naming policy),
    // or, without one, as the enum's own JsonStringEnumConverter<T> attribute does. Flags, and an enum written by any
    // other converter, are the serializer's.
    private static string? EnumName(object value, Type type, JsonSerializerOptions options)
    {
        foreach (var converter in options.Converters)
        {
            if (converter is IVocabularyNames vocabulary && converter.CanConvert(type)) return vocabulary.NameOf(value);
        }
        if (type.IsDefined(typeof(FlagsAttribute), false) || Enum.GetName(type, value) is not { } name) return null;
        var renamed = type.GetField(name)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name;
        var strings = options.Converters.OfType<JsonStringEnumConverter>().FirstOrDefault();
        if (strings is NamedEnums named) return renamed ?? named.Policy?.ConvertName(name) ?? name;
        if (strings is not null || options.Converters.Any(c => c.CanConvert(type))) return null;
        var own = type.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType;
        return own is { IsGenericType: true } && own.GetGenericTypeDefinition() == typeof(JsonStringEnumConverter<>) && own.GetGenericArguments()[0] == type
            ? renamed ?? name
            : null;
    }

    // A sealed class or record of its own (no base but object), no collection, with no converter among the options
    // and no serializer attribute on it or its properties: written as the serializer does, its public properties in
    // declaration order.
    private static bool IsPlain(Type type, JsonSerializerOptions options) =>
        type.IsClass && type.IsSealed && type.BaseType == typeof(object) && !typeof(IEnumerable).IsAssignableFrom(type)
        && !options.Converters.Any(c => c.CanConvert(type)) && AttributesOf(type) is { Type: false, Properties: false }
        && Shapes.GetValue(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)).All(p =>
            p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    // A converter among the options or named by attribute on the type writes it: the serializer's business.
    private static bool HasConverter(Type type, JsonSerializerOptions options) =>
        options.Converters.Any(c => c.CanConvert(type)) || AttributesOf(type).Type;

    private static (bool Type, bool Properties) AttributesOf(Type type) =>
        Attributed.GetValue(type, static t => new((HasSerializerAttribute(t),
            Shapes.GetValue(t, static u => u.GetProperties(BindingFlags.Public | BindingFlags.Instance)).Any(HasSerializerAttribute)))).Value;

    private static bool HasSerializerAttribute(MemberInfo member) =>
        member.GetCustomAttributesData().Any(a => a.AttributeType.Namespace == typeof(JsonConverterAttribute).Namespace);

    private static bool IsAnonymous(Type type) =>
        type.IsClass && type.IsSealed && type.Namespace is null && type.Name.Contains("AnonymousType", StringComparison.Ordinal)
        && type.IsDefined(typeof(CompilerGeneratedAttribute), false);

    // The element type of an array or of a type that is a sequence of one element type (a list, a set, a LINQ query,
    // a collection expression), as the serializer writes them; null for anything else, a string and a dictionary
    // included.
    private static Type? ElementOf(Type type)
    {
        if (type.IsArray) return type.GetArrayRank() == 1 ? type.GetElementType() : null;
        if (type == typeof(string) || typeof(IDictionary).IsAssignableFrom(type) || Generic(type, typeof(IDictionary<,>)) is not null
            || Generic(type, typeof(IReadOnlyDictionary<,>)) is not null) return null;
        return Generic(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    // The value type of a dictionary keyed by strings (written as an object, each key as it is); null for any other.
    private static Type? StringKeyed(Type type) =>
        (Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } map && map.GetGenericArguments()[0] == typeof(string)
            ? map.GetGenericArguments()[1] : null;

    // The one closed form of a generic interface the type is or implements; null when none or several.
    private static Type? Generic(Type type, Type definition)
    {
        if (type.IsInterface && type.IsGenericType && type.GetGenericTypeDefinition() == definition) return type;
        var found = type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition).Take(2).ToList();
        return found.Count == 1 ? found[0] : null;
    }
}

/// <summary>
/// The serializer's string enum converter with its naming policy readable, so <see cref="ObjectJson"/> writes the
/// names it writes.
/// </summary>
internal sealed class NamedEnums(JsonNamingPolicy? policy) : JsonStringEnumConverter(policy)
{
    public JsonNamingPolicy? Policy { get; } = policy;
}
