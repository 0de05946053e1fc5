using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Consent;

/// <summary>Columns holding personal information or trade secrets are usable only with the grant's consent evidence.</summary>
public static class ConsentRule
{
    /// <summary>One reason per granted column of <paramref name="datasets"/> that needs consent the grant does not record.</summary>
    /// <param name="grant">The grant.</param>
    /// <param name="datasets">The datasets a job's workspace would hold.</param>
    /// <param name="catalog">Says which columns hold personal information or trade secrets.</param>
    public static IReadOnlyList<string> Check(Grant grant, IEnumerable<string> datasets, IDatasetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(catalog);
        var reasons = new List<string>();
        foreach (var name in datasets.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!grant.Datasets.TryGetValue(name, out var dataset))
            {
                continue;
            }

            foreach (var column in dataset.Columns)
            {
                if (catalog.NeedsConsent(dataset.Name, column) && !grant.HasConsent(dataset.Name, column))
                {
                    reasons.Add($"column {dataset.Name}.{column} holds personal information or a trade secret and grant {grant.Id} records no consent evidence for it");
                }
            }
        }

        return reasons;
    }
}
