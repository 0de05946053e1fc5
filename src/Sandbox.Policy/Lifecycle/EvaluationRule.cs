namespace Sandbox.Policy.Lifecycle;

/// <summary>Seed §14: two consecutive poor annual evaluations terminate the grant.</summary>
public static class EvaluationRule
{
    /// <summary>The reason to terminate, when the latest two evaluations are of consecutive years and both poor; else null.</summary>
    public static string? TerminationReason(IEnumerable<AnnualEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var latest = evaluations.GroupBy(e => e.Year).Select(g => g.Last()).OrderByDescending(e => e.Year).Take(2).ToList();
        return latest is [{ Rating: EvaluationRating.Poor } last, { Rating: EvaluationRating.Poor } before] && before.Year == last.Year - 1
            ? $"two consecutive poor annual evaluations ({before.Year}, {last.Year}) terminate the grant (seed §14)"
            : null;
    }
}
