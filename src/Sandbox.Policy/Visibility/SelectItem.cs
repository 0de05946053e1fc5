using System.Text.Json.Nodes;

namespace Sandbox.Policy.Visibility;

/// <summary>One select-list item after <c>*</c> is expanded: an expression, or an expanded column's flow.</summary>
/// <param name="Name">The output column's name.</param>
/// <param name="Alias">The alias written for it, if any.</param>
/// <param name="Expression">The item's expression; null for a column a <c>*</c> expanded to.</param>
/// <param name="Expanded">The flow of a column a <c>*</c> expanded to.</param>
internal sealed record SelectItem(string Name, string? Alias, JsonObject? Expression, Flow? Expanded);
