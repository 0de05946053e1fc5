using System.Text.Json.Nodes;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// What one subject puts into a SUM, measured on the column's own values: a constant added inside the aggregate
/// (<c>sum(capital + 1000000)</c>, <c>sum(case … else 0 end + 100000)</c>, a CASE branch of a literal) is the same
/// for every row and would dilute a dominated total, so it is measured as zero.
/// </summary>
/// <remarks>
/// Only arithmetic, CASE, CAST and COALESCE over columns can be measured so; any other function (<c>abs</c>,
/// <c>ascii</c>, a comparison) could shift or reshape values in ways the shares no longer show, so such an argument
/// is refused and its column goes to a reviewer.
/// </remarks>
internal static class Contribution
{
    private static readonly HashSet<string> Additive = ["+", "-"];
    private static readonly HashSet<string> Scaling = ["*", "/", "//"];

    /// <summary>The argument with every additive constant replaced by zero, or null when it cannot be measured.</summary>
    public static JsonObject? Measured(JsonObject argument)
    {
        var copy = (JsonObject)argument.DeepClone();
        return Strip(copy) ? copy : null;
    }

    // Rewrites in place; false when the node is outside the measurable shapes.
    private static bool Strip(JsonObject node)
    {
        switch (AstNodes.Class(node))
        {
            case AstNames.ColumnRef or AstNames.Constant:
                return true;
            case AstNames.Cast:
                return node["child"] is JsonObject child && Strip(child);
            case AstNames.Case:
                foreach (var check in node["case_checks"] as JsonArray ?? [])
                {
                    if (!Branch(check!.AsObject(), "then_expr"))
                    {
                        return false;
                    }
                }

                return Branch(node, "else_expr");
            case AstNames.Function:
                string name = AstNodes.FunctionName(node)!;
                var children = node["children"] as JsonArray ?? [];
                if (Additive.Contains(name) || name == "coalesce")
                {
                    for (int i = 0; i < children.Count; i++)
                    {
                        if (!Operand(children, i))
                        {
                            return false;
                        }
                    }

                    return true;
                }

                // A constant factor scales every share alike; only the operands that read columns are measured.
                return Scaling.Contains(name) && children.All(c => AstNodes.IsConstant(c) || Strip(c!.AsObject()));
            default:
                return false;
        }
    }

    private static bool Branch(JsonObject owner, string key)
    {
        if (owner[key] is not JsonObject branch)
        {
            return true;
        }

        if (AstNodes.IsConstant(branch))
        {
            owner[key] = AstNodes.Zero();
            return true;
        }

        return Strip(branch);
    }

    private static bool Operand(JsonArray operands, int index)
    {
        if (operands[index] is not JsonObject operand)
        {
            return false;
        }

        if (AstNodes.IsConstant(operand))
        {
            operands[index] = AstNodes.Zero();
            return true;
        }

        return Strip(operand);
    }
}
