using Sandbox.Policy.Grants;

namespace Sandbox.Host.Dummy;

/// <summary>The grant's datasets as <c>dummy.json</c> describes them: full schemas, levels, and which columns need consent.</summary>
internal sealed class DummyCatalog(DummyManifest manifest) : IDatasetCatalog
{
    public IReadOnlyList<string>? ColumnsOf(string dataset) => Table(dataset)?.Schema;

    public int LevelOf(string dataset, string column) => Column(dataset, column)?.Level ?? 1;

    public bool NeedsConsent(string dataset, string column) => Column(dataset, column)?.NeedsConsent ?? false;

    private DummyTable? Table(string dataset) => manifest.Tables.FirstOrDefault(t => string.Equals(t.Name, dataset, StringComparison.OrdinalIgnoreCase));

    private DummyColumn? Column(string dataset, string column) =>
        Table(dataset)?.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));
}
