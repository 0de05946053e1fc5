namespace Sandbox.Masking.Engine;

/// <summary>A masking plan that does not fit the data: a missing column, or a rule its column's type cannot take.</summary>
public sealed class MaskingPlanException : Exception
{
    /// <summary>A plan error with its message.</summary>
    public MaskingPlanException(string message)
        : base(message)
    {
    }

    /// <summary>A plan error with no message.</summary>
    public MaskingPlanException()
    {
    }

    /// <summary>A plan error with its message and cause.</summary>
    public MaskingPlanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
