namespace Sandbox.Policy.Grants;

/// <summary>The domain's datasets as the policy sees them: names, full column lists, levels and sensitivity.</summary>
public interface IDatasetCatalog
{
    /// <summary>All columns of <paramref name="dataset"/>, or null when the domain has no such dataset.</summary>
    IReadOnlyList<string>? ColumnsOf(string dataset);

    /// <summary>The classification level (1–4) of a column; 1 when the catalog does not know it.</summary>
    int LevelOf(string dataset, string column) => 1;

    /// <summary>
    /// True when the column holds personal information or trade secrets: usable only where the grant records
    /// consent evidence for it (seed §7). False when the catalog does not know it.
    /// </summary>
    bool NeedsConsent(string dataset, string column) => false;
}
