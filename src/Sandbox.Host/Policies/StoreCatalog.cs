using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Policies;

/// <summary>The datasets of the control store, as the Policy sees them.</summary>
internal sealed class StoreCatalog(ControlStore store) : IDatasetCatalog
{
    public IReadOnlyList<string>? ColumnsOf(string dataset) => store.FindDataset(dataset)?.Columns.Select(c => c.Name).ToList();
}
