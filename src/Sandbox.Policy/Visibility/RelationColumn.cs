namespace Sandbox.Policy.Visibility;

/// <summary>One output column of a relation.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Flow">The base columns its values derive from.</param>
internal sealed record RelationColumn(string Name, Flow Flow);
