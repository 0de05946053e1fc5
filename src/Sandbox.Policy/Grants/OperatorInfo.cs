namespace Sandbox.Policy.Grants;

/// <summary>The operator organization a grant is given to.</summary>
/// <param name="Id">The organization's id, e.g. <c>zijin-credit</c>.</param>
/// <param name="Name">The organization's registered name.</param>
/// <param name="Foreign">True for a foreign-funded organization.</param>
public sealed record OperatorInfo(string Id, string Name, bool Foreign);
