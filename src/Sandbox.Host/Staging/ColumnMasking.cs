using Sandbox.Host.Store;
using Sandbox.Masking.Techniques;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Staging;

/// <summary>The masking rule of each granted column of one dataset, or the reasons a grant's overrides are refused.</summary>
public static class ColumnMasking
{
    /// <summary>One column's rule.</summary>
    public sealed record Plan(string Column, int Level, MaskingRule Rule);

    /// <summary>
    /// Level ≤ 2 columns are kept; level 3+ get the level's default technique unless the grant overrides it.
    /// An override weaker than the default is refused unless the grant records consent for that column.
    /// </summary>
    public static (IReadOnlyList<Plan> Plans, IReadOnlyList<string> Refusals) For(Grant grant, GrantedDataset granted, DatasetRecord dataset)
    {
        var plans = new List<Plan>();
        var refusals = new List<string>();
        foreach (var name in granted.Columns)
        {
            var column = dataset.Columns.FirstOrDefault(c => c.Name == name);
            if (column is null)
            {
                refusals.Add($"column {dataset.Name}.{name} is granted but no longer exists in the dataset");
                continue;
            }
            var levelDefault = MaskingDefaults.For(column.Entity, column.Level);
            var rule = levelDefault;
            if (granted.Masking.TryGetValue(name, out var technique))
            {
                rule = MaskingDefaults.Parse(technique, column.Entity);
                var consented = grant.Consent.TryGetValue(dataset.Name, out var cols) && cols.Contains(name);
                if (MaskingDefaults.IsWeakerThan(rule, levelDefault) && !consented)
                {
                    refusals.Add($"masking '{technique}' for {dataset.Name}.{name} is weaker than level {column.Level} allows and the grant records no consent for it");
                    continue;
                }
            }
            plans.Add(new Plan(name, column.Level, rule));
        }
        return (plans, refusals);
    }
}
