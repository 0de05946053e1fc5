namespace Sandbox.Policy.Grants;

/// <summary>The days on which a grant may be used; both ends inclusive.</summary>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
public sealed record GrantPeriod(DateOnly From, DateOnly To)
{
    /// <summary>True when <paramref name="day"/> lies within the period, ends included.</summary>
    public bool Contains(DateOnly day) => day >= From && day <= To;
}
