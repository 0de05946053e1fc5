using Sandbox.Contracts.Jobs;
using Sandbox.Export.Review;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Store;

/// <summary>
/// The store's one converter between the state enums and the names in its tables. Jobs and grants are stored by
/// their contract names; exports by their enum names, as since the first release. An unknown stored name fails
/// loudly rather than reading as some default state.
/// </summary>
internal static class StoreNames
{
    public static string Of(JobState state) => JobStates.Vocabulary.Name(state);

    public static string Of(GrantState state) => GrantStates.Vocabulary.Name(state);

    public static string Of(ExportState state) => state.ToString();

    public static JobState Job(string stored) => JobStates.Vocabulary.Parse(stored);

    public static GrantState Grant(string stored) => GrantStates.Vocabulary.Parse(stored);

    public static ExportState Export(string stored) =>
        Enum.TryParse<ExportState>(stored, ignoreCase: false, out var state) && Enum.IsDefined(state) && stored == state.ToString()
            ? state
            : throw new FormatException($"unknown export state '{stored}' in the control store");

    /// <summary>A SQL list of stored names, for <c>IN (…)</c>: the names come from the enums, never from input.</summary>
    public static string InList(IEnumerable<JobState> states) => string.Join(", ", states.Select(s => $"'{Of(s)}'"));

    /// <inheritdoc cref="InList(IEnumerable{JobState})"/>
    public static string InList(IEnumerable<ExportState> states) => string.Join(", ", states.Select(s => $"'{Of(s)}'"));
}
