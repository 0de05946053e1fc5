using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Contracts.Jobs;
using Sandbox.Contracts.Principals;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Tests.Store;

/// <summary>
/// An audit detail is written by <see cref="ObjectJson"/> byte for byte as the serializer writes it with the
/// store's options (the audit chain hashes that text, and older entries were written by the serializer): each shape
/// the platform's details take, and the ones it hands back to the serializer, against the serializer itself.
/// </summary>
public sealed class ObjectJsonTests
{
    private static readonly JsonSerializerOptions Options = StoreJson.AuditDetails();

    public static TheoryData<string, object?> Details() => new()
    {
        { "null", null },
        { "empty", new { } },
        { "strings, Chinese and escapes", new { name = "居民 \"档案\" <b>&'\n\t\u0001", empty = "", none = (string?)null } },
        { "numbers", new { i = -3, l = long.MaxValue, d = 0.1, big = 1e300, small = -1.5e-7, zero = 0.0, m = 12.50m, f = 1.5f, u = (uint)7, s = (short)-2, b = (byte)255 } },
        { "non-finite double", new { nan = double.NaN } },
        { "booleans and nullables", new { yes = true, no = false, some = (int?)4, nothing = (long?)null, on = (bool?)true } },
        { "vocabulary enums", new { state = JobState.Succeeded, grant = GrantState.Active, role = Role.Operator, roles = new[] { Role.Admin, Role.Expert } } },
        { "other enums", new { kind = DayOfWeek.Friday, undefined = (DayOfWeek)42, named = Renamed.Second, wide = (ulong?)ulong.MaxValue } },
        { "json elements and nodes", new { element = JsonDocument.Parse("{\"a\": [1, \"中\"]}").RootElement, node = System.Text.Json.Nodes.JsonNode.Parse("{\"b\": true}") } },
        { "floats", new { f = 0.1f, max = float.MaxValue, tiny = float.Epsilon } },
        { "enums with a converter of their own", new { verdict = Sandbox.Export.Checks.CheckStatus.Review, statuses = new[] { Sandbox.Export.Checks.CheckStatus.Pass } } },
        { "enum behind object", new { value = (object)JobState.Running } },
        { "times", new { at = new DateTimeOffset(2026, 12, 5, 8, 30, 1, 123, TimeSpan.FromHours(8)), utc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), day = new DateOnly(2026, 12, 5), id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") } },
        { "sequences", new { array = new[] { "a", "b" }, list = new List<int> { 1, 2 }, query = new[] { 1, 2, 3 }.Select(i => i * 2), empty = Array.Empty<string>(), nested = new[] { new { n = 1 }, new { n = 2 } }.ToList() } },
        { "sequence of objects behind object", new { items = (object)new object[] { 1, "two", new { three = 3 }, null! } } },
        { "dictionary and read-only list", new { map = new Dictionary<string, double> { ["Aa"] = 1.5 }, read = (IReadOnlyList<string>)["x"] } },
        { "records", new { usage = new Usage("inprocess", 12, null, 3_000_000), again = (object)new Usage("docker", 1, 2, 3) } },
        { "sets, ordered queries, dictionaries of objects", new { set = new HashSet<Role> { Role.Bureau }, read = (IReadOnlySet<string>)new HashSet<string> { "x" }, ordered = new[] { "b", "a" }.Order(StringComparer.Ordinal), days = new List<DateOnly> { new(2026, 10, 1) }, byName = new Dictionary<string, object?> { ["a"] = new { n = 1 }, ["中文"] = null }, sorted = new SortedDictionary<string, int> { ["z"] = 1 } } },
        { "nested anonymous", new { job = "job-1", outputs = new[] { "q" }.Select(n => new { n, rows = 3L, bytes = (long?)null }), inner = new { deeper = new { deepest = JobState.Failed } } } },
    };

    [Theory]
    [MemberData(nameof(Details))]
    public void Serialize_WritesWhatTheSerializerWrites(string shape, object? detail)
    {
        AssertWritesAsTheSerializer(shape, detail, Options);
        // The command line's --json answers: kebab-case enum names, indented or not.
        AssertWritesAsTheSerializer(shape, detail, Jsons.Options);
        AssertWritesAsTheSerializer(shape, detail, Jsons.Indented);
    }

    private static void AssertWritesAsTheSerializer(string shape, object? detail, JsonSerializerOptions options)
    {
        string expected;
        try
        {
            expected = JsonSerializer.Serialize(detail, options);
        }
        catch (ArgumentException)
        {
            // The serializer refuses this value (a non-finite double): so must the writer.
            Assert.ThrowsAny<ArgumentException>(() => ObjectJson.Serialize(detail, options));
            return;
        }
        Assert.True(expected == ObjectJson.Write(detail, options), shape);
    }

    [Fact]
    public void Write_DetailsOfThePlatformsShapes_NeverAskTheSerializer()
    {
        // A resolver that refuses every type: the shapes the platform's details take are written without it.
        var refusing = new JsonSerializerOptions(Options) { TypeInfoResolver = new Refusing() };
        var detail = new
        {
            state = JobState.Succeeded,
            exitCode = 0,
            reason = (string?)null,
            grant = GrantState.Suspended,
            outputs = new[] { "q" }.Select(n => new { n, rows = 3L, bytes = (long?)null }),
            usage = new Usage("inprocess", 1, 2, null),
            tables = new List<string> { "居民" },
            at = DateTimeOffset.UnixEpoch,
            kind = DayOfWeek.Monday,
            roles = new HashSet<Role> { Role.Operator },
            day = new DateOnly(2026, 12, 5),
            counts = new Dictionary<string, int> { ["residents"] = 2 },
            verdict = Sandbox.Export.Checks.CheckStatus.Fail,
            renamed = Renamed.Second,
        };
        Assert.Equal(JsonSerializer.Serialize(detail, Options), ObjectJson.Write(detail, refusing));
        // A record with serializer attributes is the serializer's to write.
        Assert.Throws<InvalidOperationException>(() => ObjectJson.Write(new { tagged = new Tagged("x", "y") }, refusing));
    }

    [Fact]
    public void Write_ShapesItDoesNotModel_FailInEveryTest_AsTheNativeImageWouldFailOnThem()
    {
        // The native image has no serializer to hand them to; a debug build (every test) refuses them the same way,
        // where the runtime build would have written them without a word.
        foreach (var detail in new object[] { new { tagged = new Tagged("x", "y") }, new { derived = new Derived { Inherited = "b", Own = "o" } }, new { flags = FileAccess.ReadWrite } })
        {
            var refused = Assert.Throws<NotSupportedException>(() => ObjectJson.Write(detail, new JsonSerializerOptions(Jsons.Options)));
            Assert.Contains("native image", refused.Message, StringComparison.Ordinal);
        }
    }

    private sealed class Refusing : System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver
    {
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
            throw new InvalidOperationException($"asked the serializer for {type}");
    }

    private enum Renamed { First, [JsonStringEnumMemberName("the-second")] Second }

    private sealed record Usage(string Attribution, long WallMilliseconds, long? CpuMilliseconds, long? PeakMemoryBytes);

    private sealed record Tagged([property: JsonPropertyName("renamed")] string Name, [property: JsonIgnore] string Hidden);

    private class Parent
    {
        public string? Inherited { get; init; }
    }

    private sealed class Derived : Parent
    {
        public string? Own { get; init; }
    }
}
