namespace Sandbox.Export.Review;

/// <summary>The two review stages every export passes (seed §10).</summary>
public enum ReviewStage
{
    /// <summary>Technical review by the data governance center (role <c>governance</c>).</summary>
    Technical,

    /// <summary>Comprehensive review by experts (role <c>expert</c> or <c>bureau</c>).</summary>
    Comprehensive,

    /// <summary>
    /// Cross-border approval, only for a grant whose operator is foreign or foreign-funded: by an expert (role
    /// <c>expert</c>) who reviewed neither earlier stage. An expert, not a new role, so the principals a deployment
    /// already declares suffice; a third distinct principal keeps it a separate judgement.
    /// </summary>
    CrossBorder,
}
