namespace Sandbox.Export.Evidence;

/// <summary>The single-subject contributions to one SUM/AVG cell. Values stay inside the domain.</summary>
/// <param name="Top1">The largest contribution of one subject.</param>
/// <param name="Top2">The second largest; null with a single subject.</param>
/// <param name="Total">The sum of all contributions.</param>
/// <param name="Min">The smallest contribution; negative values make the dominance rules ill-defined.</param>
public sealed record Contributions(double? Top1, double? Top2, double? Total, double? Min);
