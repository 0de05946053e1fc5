using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sandbox.Host.Tests.Api;

/// <summary>
/// Checks an HTTP answer against an OpenAPI 3.x document: the operation exists, the status and the content type are
/// declared, and a JSON body is valid against the declared schema. The schema subset is the one the built-in generator
/// emits: <c>$ref</c>, <c>type</c> (one or a list, <c>null</c> included), <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>enum</c>, <c>const</c>, <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>,
/// <c>nullable</c> (3.0), <c>pattern</c>, and the formats <c>date-time</c>, <c>date</c>, <c>int32</c>, <c>int64</c>.
/// A keyword outside that subset is an error, never silently passed. With <see cref="Closed"/>, an object schema that
/// lists properties and says nothing of others is taken as closed: a body key it does not declare is an error.
/// </summary>
internal sealed class OpenApiContract(JsonElement document)
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "description", "title", "summary", "example", "examples", "default", "deprecated", "readOnly", "writeOnly",
        "externalDocs", "xml", "discriminator", "$comment", "contentMediaType", "contentEncoding",
    };

    /// <summary>Object schemas that list properties are closed unless they say otherwise.</summary>
    public bool Closed { get; init; } = true;

    /// <summary>The document's operations as "METHOD /template".</summary>
    public IEnumerable<string> Operations => document.GetProperty("paths").EnumerateObject()
        .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"));

    /// <summary>The operation's entry for <paramref name="path"/> (a concrete path, matched against the templates).</summary>
    public (string Template, JsonElement Operation)? Find(string method, string path)
    {
        var segments = path.Split('?')[0].Split('/');
        foreach (var entry in document.GetProperty("paths").EnumerateObject())
        {
            var template = entry.Name.Split('/');
            if (template.Length != segments.Length) continue;
            if (!template.Zip(segments).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.Ordinal))) continue;
            if (entry.Value.TryGetProperty(method.ToLowerInvariant(), out var operation)) return (entry.Name, operation);
        }
        return null;
    }

    /// <summary>Every way the answer departs from the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? contentType, string body)
    {
        var at = $"{method} {path.Split('?')[0]} {status}";
        if (Find(method, path) is not { } found) return [$"{at}: no such operation in the document"];
        if (!found.Operation.TryGetProperty("responses", out var responses)
            || !(responses.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var response)
                 || responses.TryGetProperty($"{status / 100}XX", out response)
                 || responses.TryGetProperty("default", out response)))
        {
            return [$"{at}: status not declared"];
        }
        if (!response.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
        {
            return body.Length == 0 ? [] : [$"{at}: a body where the document declares none"];
        }
        var media = contentType?.Split(';')[0].Trim();
        if (media is null || !content.TryGetProperty(media, out var declared)) return [$"{at}: content type '{media}' not declared"];
        if (!(media.EndsWith("/json", StringComparison.Ordinal) || media.EndsWith("+json", StringComparison.Ordinal))) return [];
        if (!declared.TryGetProperty("schema", out var schema)) return [$"{at}: {media} declared without a schema"];
        JsonElement value;
        try
        {
            value = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return [$"{at}: the body is not JSON"];
        }
        var errors = new List<string>();
        Validate(schema, value, "$", errors);
        return [.. errors.Select(e => $"{at}: {e}")];
    }

    /// <summary>Validates <paramref name="value"/> against <paramref name="schema"/>, adding each failure to <paramref name="errors"/>.</summary>
    public void Validate(JsonElement schema, JsonElement value, string at, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True) return;
        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{at}: no value is allowed here");
            return;
        }
        var nullable = schema.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True;
        if (nullable && value.ValueKind == JsonValueKind.Null) return;
        foreach (var keyword in schema.EnumerateObject())
        {
            var k = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Validate(Resolve(k.GetString()!), value, at, errors);
                    break;
                case "type":
                    var types = k.ValueKind == JsonValueKind.Array ? k.EnumerateArray().Select(t => t.GetString()!).ToList() : [k.GetString()!];
                    if (nullable) types.Add("null");
                    if (!types.Any(t => IsOfType(value, t))) errors.Add($"{at}: expected {string.Join(" or ", types)}, found {Kind(value)}");
                    break;
                case "enum":
                    if (!k.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)) && !(nullable && value.ValueKind == JsonValueKind.Null))
                    {
                        errors.Add($"{at}: {value.GetRawText()} is not one of {k.GetRawText()}");
                    }
                    break;
                case "const":
                    if (!JsonElement.DeepEquals(k, value)) errors.Add($"{at}: expected {k.GetRawText()}");
                    break;
                case "properties":
                    if (value.ValueKind != JsonValueKind.Object) break;
                    foreach (var property in k.EnumerateObject())
                    {
                        if (value.TryGetProperty(property.Name, out var member)) Validate(property.Value, member, $"{at}.{property.Name}", errors);
                    }
                    if (Closed && !schema.TryGetProperty("additionalProperties", out _))
                    {
                        foreach (var member in value.EnumerateObject().Where(m => !k.TryGetProperty(m.Name, out _)))
                        {
                            errors.Add($"{at}: property '{member.Name}' is not declared");
                        }
                    }
                    break;
                case "additionalProperties":
                    if (value.ValueKind != JsonValueKind.Object) break;
                    var declared = schema.TryGetProperty("properties", out var p) ? p : default;
                    foreach (var member in value.EnumerateObject().Where(m => declared.ValueKind != JsonValueKind.Object || !declared.TryGetProperty(m.Name, out _)))
                    {
                        if (k.ValueKind == JsonValueKind.False) errors.Add($"{at}: property '{member.Name}' is not declared");
                        else Validate(k, member.Value, $"{at}.{member.Name}", errors);
                    }
                    break;
                case "required":
                    if (value.ValueKind != JsonValueKind.Object) break;
                    foreach (var name in k.EnumerateArray().Select(r => r.GetString()!).Where(r => !value.TryGetProperty(r, out _)))
                    {
                        errors.Add($"{at}: required property '{name}' is missing");
                    }
                    break;
                case "items":
                    if (value.ValueKind != JsonValueKind.Array) break;
                    var i = 0;
                    foreach (var item in value.EnumerateArray()) Validate(k, item, $"{at}[{i++}]", errors);
                    break;
                case "oneOf" or "anyOf" or "allOf":
                    var matching = k.EnumerateArray().Select(s =>
                    {
                        var inner = new List<string>();
                        Validate(s, value, at, inner);
                        return inner;
                    }).ToList();
                    var passed = matching.Count(m => m.Count == 0);
                    var ok = keyword.Name switch { "oneOf" => passed == 1, "anyOf" => passed >= 1, _ => passed == matching.Count };
                    if (!ok) errors.Add($"{at}: {keyword.Name} not satisfied ({passed} of {matching.Count} match: {string.Join("; ", matching.SelectMany(m => m))})");
                    break;
                case "pattern":
                    if (value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, k.GetString()!)) errors.Add($"{at}: does not match {k.GetString()}");
                    break;
                case "format":
                    CheckFormat(k.GetString()!, value, at, errors);
                    break;
                case "nullable":
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name) && !keyword.Name.StartsWith("x-", StringComparison.Ordinal))
                    {
                        errors.Add($"{at}: the schema uses '{keyword.Name}', which this validator does not check");
                    }
                    break;
            }
        }
    }

    /// <summary>The element a local reference (<c>#/components/schemas/X</c>) points to.</summary>
    public JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) throw new InvalidOperationException($"{reference}: only local references are supported");
        var node = document;
        foreach (var part in reference[2..].Split('/'))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!node.TryGetProperty(name, out node)) throw new InvalidOperationException($"{reference}: not in the document");
        }
        return node;
    }

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        _ => throw new InvalidOperationException($"unknown type '{type}' in the document"),
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetDecimal(out var d) && decimal.Truncate(d) == d ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var k => k.ToString().ToLowerInvariant(),
    };

    private static void CheckFormat(string format, JsonElement value, string at, List<string> errors)
    {
        var ok = (format, value.ValueKind) switch
        {
            ("date-time", JsonValueKind.String) => DateTimeOffset.TryParseExact(value.GetString(), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            ("date", JsonValueKind.String) => DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            ("int32", JsonValueKind.Number) => value.TryGetInt32(out _),
            ("int64", JsonValueKind.Number) => value.TryGetInt64(out _),
            _ => true,
        };
        if (!ok) errors.Add($"{at}: {value.GetRawText()} is not a valid {format}");
    }
}
