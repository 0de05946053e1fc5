namespace Sandbox.Policy.Tests.Visibility;

/// <summary>Versions of the people tables that differ only in what the column rules hide.</summary>
public enum PeopleVariant
{
    /// <summary>The tables as they are.</summary>
    Original,

    /// <summary>Each pair of twins (alike in all a query may see) swaps name and income.</summary>
    TwinsSwapped,

    /// <summary>Every subject id is replaced by another, consistently in both tables (joins match as before).</summary>
    IdsRenamed,
}
