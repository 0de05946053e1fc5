using Sandbox.Contracts;

namespace Sandbox.Export.Review;

/// <summary>The export-state vocabulary: the names the CLI, the API and the console show (<c>technical-approved</c>).</summary>
public static class ExportStates
{
    /// <summary>The contract names.</summary>
    public static Vocabulary<ExportState> Vocabulary { get; } = new("export state", new Dictionary<ExportState, string>
    {
        [ExportState.Checked] = "checked",
        [ExportState.TechnicalApproved] = "technical-approved",
        [ExportState.ComprehensiveApproved] = "comprehensive-approved",
        [ExportState.Approved] = "approved",
        [ExportState.Released] = "released",
        [ExportState.ChangesRequested] = "changes-requested",
        [ExportState.Rejected] = "rejected",
        [ExportState.Withdrawn] = "withdrawn",
    });

    /// <summary>The states no decision leaves: released, rejected, withdrawn.</summary>
    public static IReadOnlyList<ExportState> Final { get; } = [ExportState.Released, ExportState.Rejected, ExportState.Withdrawn];

    /// <summary>True once nothing can change the export any more.</summary>
    public static bool IsFinal(this ExportState state) => state is ExportState.Released or ExportState.Rejected or ExportState.Withdrawn;

    /// <summary>The contract name of <paramref name="state"/>.</summary>
    public static string Name(this ExportState state) => Vocabulary.Name(state);
}
