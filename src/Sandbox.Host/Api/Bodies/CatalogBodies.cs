using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Api.Bodies;

/// <summary>A dataset as the API shows it: its classification and versions' hash, never the server path of its file.</summary>
internal sealed record DatasetBody(
    string Name, string? Provider, string? Subject, string Sha256, long Rows, IReadOnlyList<DatasetColumn> Columns, DateTimeOffset ImportedAt)
{
    public static DatasetBody Of(DatasetRecord d) => new(d.Name, d.Provider, d.Subject, d.Sha256, d.Rows, d.Columns, d.ImportedAt);
}

/// <summary>A grant as applied, with its lifecycle state.</summary>
internal sealed record GrantBody(
    string Id, GrantState State, string Sha256, OperatorInfo Operator, string Zone, string Scenario, GrantPeriod Period,
    IReadOnlyList<GrantDatasetBody> Datasets);

/// <summary>One dataset of a grant: its columns, masking and SQL constraints.</summary>
internal sealed record GrantDatasetBody(
    string Name, IReadOnlyList<string> Columns, IReadOnlyDictionary<string, string> Masking, IReadOnlyDictionary<string, string> Constraints);
