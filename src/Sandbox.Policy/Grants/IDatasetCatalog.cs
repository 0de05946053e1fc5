namespace Sandbox.Policy.Grants;

/// <summary>The domain's datasets as the policy sees them: names and full column lists.</summary>
public interface IDatasetCatalog
{
    /// <summary>All columns of <paramref name="dataset"/>, or null when the domain has no such dataset.</summary>
    IReadOnlyList<string>? ColumnsOf(string dataset);
}
