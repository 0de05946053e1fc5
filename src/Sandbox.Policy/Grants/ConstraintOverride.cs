using YamlDotNet.RepresentationModel;

namespace Sandbox.Policy.Grants;

/// <summary>A constraint a grant document writes for a column, remembered to check it against the column's level.</summary>
/// <param name="Node">The value's node, for the error's line.</param>
/// <param name="Field">The dotted field, e.g. <c>datasets.residents.constraints.resident_id</c>.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Column">The column.</param>
/// <param name="Value">The constraint as written.</param>
internal sealed record ConstraintOverride(YamlNode Node, string Field, string Dataset, string Column, string Value);
