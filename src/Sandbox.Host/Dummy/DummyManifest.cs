using System.Text.Json;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Dummy;

/// <summary>
/// <c>dummy.json</c>: what a dummy workspace is and everything <c>job run --dummy</c> needs to decide on a job file as the
/// real grant would — the grant's id, operator and period, each table's full schema (names only, as <c>dataset show</c>
/// tells the operator), its granted columns with their level, SQL rule and masking, and the consent the grant records.
/// No value of the real data is in it: row counts are rounded, and the profile that shaped the values stays in the host.
/// </summary>
public sealed record DummyManifest
{
    /// <summary>The file's name inside a dummy workspace.</summary>
    public const string FileName = "dummy.json";

    /// <summary>What every manifest says, in both languages, so no one mistakes the files for the grant's data.</summary>
    public const string DummyStatement =
        "This is dummy data: generated values shaped like the grant's tables, not the data itself. 这是模拟数据：仿照授权数据表结构生成的值，不是真实数据。";

    public string Statement { get; init; } = DummyStatement;
    public required string Grant { get; init; }
    public required string Operator { get; init; }
    public required DateOnly PeriodFrom { get; init; }
    public required DateOnly PeriodTo { get; init; }
    public required int Seed { get; init; }
    /// <summary>The export threshold (subjects per cell) below which no category fed the values.</summary>
    public required int Threshold { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public required IReadOnlyList<DummyTable> Tables { get; init; }

    /// <summary>Reads <c>DIR/dummy.json</c>; bad input names the file and the field.</summary>
    public static DummyManifest Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!Directory.Exists(directory)) throw new InputException(new LocalMessage("cli.dummy.no-folder", ("path", directory)));
        if (!File.Exists(path)) throw new InputException(new LocalMessage("cli.dummy.not-workspace", ("path", path), ("directory", directory)));
        DummyManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllText(path), DummyJson.Manifest);
        }
        catch (JsonException ex)
        {
            throw new InputException(new LocalMessage("cli.dummy.manifest-bad", ("path", path), ("line", (ex.LineNumber ?? 0) + 1),
                ("field", ex.Path is { Length: > 1 } field ? field.TrimStart('$', '.') + ": " : ""), ("detail", ex.Message.Split('.')[0])));
        }
        if (manifest is null) throw new InputException(new LocalMessage("cli.dummy.manifest-empty", ("path", path)));
        foreach (var table in manifest.Tables)
        {
            // Table names become file names and SQL identifiers: nothing that could name another path.
            if (!DummyNames.IsSafe(table.Name)) throw new InputException(new LocalMessage("cli.dummy.manifest-table", ("path", path), ("table", table.Name)));
            if (!File.Exists(Path.Combine(directory, table.Name + ".parquet"))) throw new InputException(new LocalMessage("cli.dummy.manifest-parquet", ("path", path), ("table", table.Name), ("directory", directory)));
        }
        return manifest;
    }

    /// <summary>The grant as far as deciding on a job file needs it: its id, operator, period, tables, columns, rules and consent.</summary>
    public Sandbox.Policy.Grants.Grant ToGrant() => new()
    {
        Id = Grant,
        Operator = new OperatorInfo(Operator, Operator, false),
        Period = new GrantPeriod(PeriodFrom, PeriodTo),
        Datasets = Tables.ToDictionary(t => t.Name, t => new GrantedDataset(t.Name, [.. t.Columns.Select(c => c.Name)],
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
            t.Columns.ToDictionary(c => c.Name, c => c.Constraint, StringComparer.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase),
        Consent = Tables.ToDictionary(t => t.Name, t => (IReadOnlyList<string>)[.. t.Columns.Where(c => c.Consent).Select(c => c.Name)], StringComparer.OrdinalIgnoreCase),
    };

    public void Write(string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), Jsons.SerializeIndented(this) + "\n");
}

/// <summary>The manifest's shape, generated at compile time (the native image has no reflection-based shapes).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(DummyManifest))]
internal sealed partial class DummyJson : System.Text.Json.Serialization.JsonSerializerContext
{
    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<DummyManifest>? _manifest;

    /// <summary>The manifest read with the contracts' options (made on first use: <see cref="Default"/> is set by the generated half).</summary>
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<DummyManifest> Manifest => _manifest ??= Jsons.Shape<DummyManifest>(Default);
}
