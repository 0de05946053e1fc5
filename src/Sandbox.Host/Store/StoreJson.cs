using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Contracts;
using Sandbox.Contracts.Jobs;
using Sandbox.Contracts.Principals;
using Sandbox.Export.Checks;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Lifecycle;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Store;

/// <summary>
/// The JSON the store keeps in its columns, generated at compile time and read back once, in the store, into typed
/// records. Two conventions, both frozen by the homes that already hold them: <see cref="Documents"/> (grants,
/// principals, agreements, job specs, export documents: kebab-case enums, readable Chinese, as the CLI writes them)
/// and <see cref="Rows"/> (dataset columns, job outputs, alert evidence: enums by name, states and roles by their
/// contract names), and what each admitted job reads.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<DatasetColumn>))]
[JsonSerializable(typeof(List<JobOutput>))]
[JsonSerializable(typeof(AlertEvidence))]
[JsonSerializable(typeof(JobReads))]
[JsonSerializable(typeof(JobSpec))]
[JsonSerializable(typeof(Grant))]
[JsonSerializable(typeof(Principal))]
[JsonSerializable(typeof(Agreement))]
[JsonSerializable(typeof(ExportDocument))]
[JsonSerializable(typeof(CheckReport))]
internal sealed partial class StoreJson : JsonSerializerContext
{
    /// <summary>Grants, principals, agreements, job specs and export documents.</summary>
    public static StoreJson Documents { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Dataset columns, job outputs, alert evidence and job reads.</summary>
    public static StoreJson Rows { get; } = new(AuditDetails());

    /// <summary>
    /// Options for audit details (anonymous objects, so by reflection): states and roles by their contract names,
    /// other enums by name. <see cref="Rows"/> shares them.
    /// </summary>
    public static JsonSerializerOptions AuditDetails() => new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new VocabularyJsonConverter<JobState>(JobStates.Vocabulary),
            new VocabularyJsonConverter<GrantState>(GrantStates.Vocabulary),
            new VocabularyJsonConverter<Role>(Roles.Vocabulary),
            new NamedEnums(null),
        },
    };
}
