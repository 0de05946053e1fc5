namespace Sandbox.Policy.Access;

/// <summary>A policy decision with its reasons: why something was refused (empty when allowed).</summary>
/// <param name="Allowed">True when the request may proceed.</param>
/// <param name="Reasons">One sentence per reason, each naming the thing it is about.</param>
public sealed record Decision(bool Allowed, IReadOnlyList<string> Reasons)
{
    /// <summary>An allowing decision without reasons.</summary>
    public static Decision Allow { get; } = new(true, []);

    /// <summary>A refusing decision with the given reasons (at least one).</summary>
    public static Decision Deny(params string[] reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        if (reasons.Length == 0)
        {
            throw new ArgumentException("A denial needs at least one reason.", nameof(reasons));
        }

        return new Decision(false, reasons);
    }

    /// <inheritdoc />
    public override string ToString() => Allowed ? "allowed" : $"denied: {string.Join("; ", Reasons)}";
}
