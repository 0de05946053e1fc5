namespace Sandbox.Host.Console;

// The pages' models: plain values the handlers compute through the services (and the authorizer) before a page
// renders, so a page never reaches the store itself. Public because the generated Razor components are.

/// <summary>What every page knows: the language, who is signed in, the form's CSRF token and the menu.</summary>
public sealed record ConsoleView(ConsoleText T, string Principal, string PrincipalName, string CsrfField, string CsrfToken,
    IReadOnlyList<ConsoleLink> Menu, string Path);

/// <summary>A link of the menu or a filter.</summary>
public sealed record ConsoleLink(string Href, string Label, bool Current = false);

/// <summary>A page of the export queue.</summary>
public sealed record ExportQueue(string Stage, IReadOnlyList<ConsoleLink> Stages, IReadOnlyList<ExportRow> Rows, int Page, int Pages, int Total);

/// <summary>One export in a queue.</summary>
public sealed record ExportRow(string Id, string Age, string RequestedBy, string Operator, string Grant, string Output, string Verdict, string State, bool Frozen);

/// <summary>One export as its page shows it.</summary>
public sealed record ExportPageModel(
    string Id, string State, string Verdict, string Job, string Grant, string Output, string RequestedBy, DateTimeOffset RequestedAt,
    int Round, string? Mitigation, string? Query, string? FrozenReason, string? ReleaseId,
    IReadOnlyList<CheckRow> Checks, OutputView? Table, string? TableNote, IReadOnlyList<ReviewView> Reviews,
    string? DueStage, bool CanReview, bool CanRelease, bool CanDownload);

/// <summary>One rule's result.</summary>
public sealed record CheckRow(string Rule, string Status, string Detail, int Flagged);

/// <summary>
/// The output table with its flagged cells: <see cref="Flags"/> maps <c>row:column</c> (1-based data row, 0-based
/// column; row 0 is the header, column -1 the row's number) to the reasons, one per line.
/// </summary>
public sealed record OutputView(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows, IReadOnlyDictionary<string, string> Flags, int TotalRows)
{
    /// <summary>The reasons a cell is flagged, or null.</summary>
    public string? FlagOf(int row, int column) => Flags.TryGetValue($"{row}:{column}", out var reason) ? reason : null;
}

/// <summary>One recorded review.</summary>
public sealed record ReviewView(string Principal, string Stage, string Action, string Note, DateTimeOffset At);

/// <summary>The jobs a principal may see.</summary>
public sealed record JobsModel(IReadOnlyList<JobView> Jobs, int Page, int Pages);

/// <summary>One job: state, limits and outputs' metadata; never rows.</summary>
public sealed record JobView(string Id, string Grant, string Kind, string State, string Backend, DateTimeOffset Created, string? Reason,
    string Limits, IReadOnlyList<OutputMeta> Outputs, IReadOnlyList<ExportRow> Exports);

/// <summary>An output's metadata.</summary>
public sealed record OutputMeta(string Name, long Rows, long Bytes);

/// <summary>The bureau's overview: grants by lifecycle state, data requests, alerts.</summary>
public sealed record GrantsModel(IReadOnlyList<GrantView> Grants, IReadOnlyList<RequestView>? Requests, IReadOnlyList<AlertView>? Alerts, DateOnly Today);

/// <summary>One grant with its publicity dates and the working days left.</summary>
public sealed record GrantView(string Id, string State, string Operator, string Zone, string Scenario, string Period,
    DateOnly? PublicizedOn, DateOnly? PublicityEnds, int? WorkingDaysLeft);

/// <summary>One data request.</summary>
public sealed record RequestView(string Id, string Grant, string Dataset, string Columns, string FiledBy, DateTimeOffset FiledAt, string State);

/// <summary>One alert.</summary>
public sealed record AlertView(string Id, string Rule, string Actor, string Message, DateTimeOffset? RaisedAt, bool Acknowledged);

/// <summary>The audit view: the chain's verification and a page of entries.</summary>
public sealed record AuditModel(bool? Verified, IReadOnlyList<string> Problems, int Count, IReadOnlyList<AuditRow> Entries,
    string? Action, string? Actor, int Page, int Pages);

/// <summary>One audit entry, with the home's path hidden.</summary>
public sealed record AuditRow(long Seq, DateTimeOffset At, string Actor, string Action, string Subject, string Detail);

/// <summary>A message page: not found, not allowed, refused, bad input.</summary>
public sealed record MessageModel(string Title, string Text);
