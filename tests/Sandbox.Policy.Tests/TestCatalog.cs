using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Tests;

/// <summary>A small in-memory dataset catalog: the Nanjing-like demo schema.</summary>
internal sealed class TestCatalog : IDatasetCatalog
{
    public static TestCatalog Instance { get; } = new();

    private readonly Dictionary<string, string[]> datasets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["enterprise_registry"] =
            ["uscc", "name", "district", "industry", "registered_capital", "legal_rep_id", "legal_rep_mobile", "established"],
        ["residents"] = ["resident_id", "name", "mobile", "district", "birth_date", "gender"],
    };

    public IReadOnlyList<string>? ColumnsOf(string dataset) => datasets.GetValueOrDefault(dataset);
}
