namespace Sandbox.Policy.Lifecycle;

/// <summary>The outcome of an annual performance evaluation (seed §14).</summary>
public enum EvaluationRating
{
    /// <summary>Good economic and social benefit.</summary>
    Good,

    /// <summary>Acceptable.</summary>
    Fair,

    /// <summary>Poor: two consecutive poor years terminate the grant.</summary>
    Poor,
}
