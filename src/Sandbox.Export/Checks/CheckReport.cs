namespace Sandbox.Export.Checks;

/// <summary>Every rule's finding about one output and the verdict they add up to.</summary>
/// <param name="Verdict">Fail if any rule fails, else review if any rule asks for review, else pass.</param>
/// <param name="Checks">The findings, one per rule, in the order the rules ran.</param>
public sealed record CheckReport(CheckStatus Verdict, IReadOnlyList<CheckResult> Checks)
{
    /// <summary>The report of <paramref name="checks"/>, with the verdict they add up to.</summary>
    public static CheckReport From(IReadOnlyList<CheckResult> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        // The enum is ordered by severity, so the verdict is the worst status; no checks at all is a pass.
        var verdict = CheckStatus.Pass;
        foreach (var check in checks)
        {
            if (check.Status > verdict)
            {
                verdict = check.Status;
            }
        }

        return new CheckReport(verdict, checks);
    }
}
