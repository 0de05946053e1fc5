using System.Collections.Immutable;

namespace Sandbox.Policy.Visibility;

/// <summary>The base columns an expression's value derives from, each with how it gets there.</summary>
internal sealed class Flow
{
    private Flow(ImmutableHashSet<Origin> origins)
    {
        Origins = origins;
    }

    /// <summary>An expression that derives from no column (a constant, <c>count(*)</c>).</summary>
    public static Flow None { get; } = new([]);

    public ImmutableHashSet<Origin> Origins { get; }

    public bool IsEmpty => Origins.IsEmpty;

    public static Flow Of(Origin origin) => new([origin]);

    public static Flow Union(IEnumerable<Flow> flows)
    {
        var builder = ImmutableHashSet.CreateBuilder<Origin>();
        foreach (var flow in flows)
        {
            builder.UnionWith(flow.Origins);
        }

        return builder.Count == 0 ? None : new Flow(builder.ToImmutable());
    }

    public Flow Union(Flow other) => other.IsEmpty ? this : IsEmpty ? other : new Flow(Origins.Union(other.Origins));

    /// <summary>The same origins with their modes changed by <paramref name="map"/>.</summary>
    public Flow Map(Func<FlowMode, FlowMode> map) =>
        IsEmpty ? this : new Flow([.. Origins.Select(o => o with { Mode = map(o.Mode) })]);

    /// <summary>The values summarized by COUNT, SUM, AVG, MIN or MAX.</summary>
    public Flow Aggregated() => Map(mode => mode switch
    {
        FlowMode.Test or FlowMode.Join or FlowMode.AggregateOfTest => FlowMode.AggregateOfTest,
        _ => FlowMode.Aggregate,
    });

    /// <summary>The values compared: only the outcome of the test remains.</summary>
    public Flow Tested() => Map(mode => mode == FlowMode.Value ? FlowMode.Test : mode);

    /// <summary>The values compared for equality with another column's.</summary>
    public Flow Joined() => Map(mode => mode == FlowMode.Value ? FlowMode.Join : mode);

    /// <summary>The values as a grouping key.</summary>
    public Flow Keyed() => Map(mode => mode == FlowMode.Value ? FlowMode.Key : mode);

    /// <summary>
    /// The values computed on by a scalar function: a test's outcome used in arithmetic or a function is a value again,
    /// so per-row sums of bit tests cannot rebuild a compare-only column; the result is no longer the column itself.
    /// </summary>
    public Flow Computed() => IsEmpty ? this : new Flow([.. Origins.Select(o => o with
    {
        Mode = o.Mode is FlowMode.Test or FlowMode.Join ? FlowMode.Value : o.Mode,
        Exact = false,
    })]);

    /// <summary>The same origins, no longer the columns' own values (a join key of them would be a generated domain).</summary>
    public Flow Inexact() => IsEmpty || Origins.All(o => !o.Exact) ? this : new Flow([.. Origins.Select(o => o with { Exact = false })]);

    /// <summary>True when a row-identity value (<c>rowid</c>, <c>row_number()</c>, <c>random()</c>) flows in.</summary>
    public bool HasRowIdentity => Origins.Any(o => o.RowIdentity);

    /// <summary>The origins whose rule restricts their use.</summary>
    public IEnumerable<Origin> Constrained => Origins.Where(o => o.IsConstrained);

    /// <summary>True when both flows name the same columns (whatever the modes).</summary>
    public bool SameColumns(Flow other) =>
        Origins.Select(o => (o.Table, o.Column)).ToHashSet().SetEquals(other.Origins.Select(o => (o.Table, o.Column)));
}
