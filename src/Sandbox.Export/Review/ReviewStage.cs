namespace Sandbox.Export.Review;

/// <summary>The two review stages every export passes (seed §10).</summary>
public enum ReviewStage
{
    /// <summary>Technical review by the data governance center (role <c>governance</c>).</summary>
    Technical,

    /// <summary>Comprehensive review by experts (role <c>expert</c> or <c>bureau</c>).</summary>
    Comprehensive,
}
