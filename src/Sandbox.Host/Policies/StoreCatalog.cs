using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Policies;

/// <summary>
/// The datasets of the control store, as the Policy sees them: columns, levels, and which need consent. Made for one
/// decision: each dataset is read once and kept (a decision asks about every column of every table it reads).
/// </summary>
internal sealed class StoreCatalog(IControlStore store) : IDatasetCatalog
{
    private readonly Dictionary<string, DatasetRecord?> _datasets = new(StringComparer.Ordinal);

    public IReadOnlyList<string>? ColumnsOf(string dataset) => Find(dataset)?.Columns.Select(c => c.Name).ToList();

    public int LevelOf(string dataset, string column) => Column(dataset, column)?.Level ?? 1;

    /// <summary>
    /// A column whose classifier found a personal entity (resident ID, name, mobile …) at level 3 or more holds
    /// personal information; a unified social credit code identifies an enterprise, not a person.
    /// </summary>
    public bool NeedsConsent(string dataset, string column) =>
        Column(dataset, column) is { Entity: { } entity, Level: >= 3 } && entity != "cn_uscc";

    private DatasetColumn? Column(string dataset, string column) =>
        Find(dataset)?.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>The stored dataset, read once per catalog.</summary>
    public DatasetRecord? Find(string dataset)
    {
        if (!_datasets.TryGetValue(dataset, out var record)) _datasets[dataset] = record = store.FindDataset(dataset);
        return record;
    }
}
