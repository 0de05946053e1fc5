namespace Sandbox.Policy.Lifecycle;

/// <summary>One annual evaluation of a grant.</summary>
/// <param name="Year">The agreement year evaluated.</param>
/// <param name="Rating">The rating.</param>
public sealed record AnnualEvaluation(int Year, EvaluationRating Rating);
