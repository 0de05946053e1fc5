using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Tests;

/// <summary>A small in-memory dataset catalog: the Nanjing-like demo schema.</summary>
internal sealed class TestCatalog : IDatasetCatalog
{
    private readonly Dictionary<string, string[]> datasets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["enterprise_registry"] =
            ["uscc", "name", "district", "industry", "registered_capital", "legal_rep_id", "legal_rep_mobile", "established"],
        ["residents"] = ["resident_id", "name", "mobile", "district", "birth_date", "gender"],
    };

    private readonly Dictionary<string, int> levels;

    private TestCatalog(Dictionary<string, int> levels)
    {
        this.levels = levels;
    }

    /// <summary>Every column at level 1, none needing consent.</summary>
    public static TestCatalog Instance { get; } = new(new(StringComparer.OrdinalIgnoreCase));

    /// <summary>Classified as the importer would: identity numbers level 4, names and mobiles level 3 (personal information).</summary>
    public static TestCatalog Classified { get; } = new(new(StringComparer.OrdinalIgnoreCase)
    {
        ["enterprise_registry.legal_rep_id"] = 4,
        ["enterprise_registry.legal_rep_mobile"] = 3,
        ["residents.resident_id"] = 4,
        ["residents.name"] = 3,
        ["residents.mobile"] = 3,
    });

    public IReadOnlyList<string>? ColumnsOf(string dataset) => datasets.GetValueOrDefault(dataset);

    public int LevelOf(string dataset, string column) => levels.GetValueOrDefault($"{dataset}.{column}", 1);

    public bool NeedsConsent(string dataset, string column) => LevelOf(dataset, column) >= 3;
}
