using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Policies;

/// <summary>The datasets of the control store, as the Policy sees them: columns, levels, and which need consent.</summary>
internal sealed class StoreCatalog(ControlStore store) : IDatasetCatalog
{
    public IReadOnlyList<string>? ColumnsOf(string dataset) => store.FindDataset(dataset)?.Columns.Select(c => c.Name).ToList();

    public int LevelOf(string dataset, string column) => Column(dataset, column)?.Level ?? 1;

    /// <summary>
    /// A column whose classifier found a personal entity (resident ID, name, mobile …) at level 3 or more holds
    /// personal information; a unified social credit code identifies an enterprise, not a person.
    /// </summary>
    public bool NeedsConsent(string dataset, string column) =>
        Column(dataset, column) is { Entity: { } entity, Level: >= 3 } && entity != "cn_uscc";

    private DatasetColumn? Column(string dataset, string column) =>
        store.FindDataset(dataset)?.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));
}
