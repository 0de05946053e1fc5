namespace Sandbox.Policy.Tests.Grants;

/// <summary>Grant documents shared by the grant and access tests.</summary>
internal static class GrantDocuments
{
    public const string Valid = """
        id: nj-credit-2026
        operator: { id: zijin-credit, name: 紫金征信有限公司, foreign: false }
        zone: comprehensive
        scenario: SME credit evaluation
        period: { from: 2026-01-01, to: 2027-12-31 }
        agreement: { signed: 2025-12-20 }
        datasets:
          enterprise_registry:
            columns: [uscc, district, industry, registered_capital, legal_rep_id]
            masking: { legal_rep_id: tokenize }
            constraints: { legal_rep_id: join-only, registered_capital: aggregate-only }
          residents:
            columns: [resident_id, district, gender]
            masking: { resident_id: keep-first-6-last-4 }
        consent:
          residents: [gender]
        """;

    /// <summary><see cref="Valid"/> without SQL constraints: every granted column usable anywhere (level 1 catalog).</summary>
    public static string Unconstrained { get; } = Valid.Replace(
        "    constraints: { legal_rep_id: join-only, registered_capital: aggregate-only }\n", string.Empty, StringComparison.Ordinal);
}
