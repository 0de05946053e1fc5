using System.Text.RegularExpressions;

namespace Sandbox.Host.Localization;

/// <summary>
/// An admission reason (the policy's English sentence, also as stored in a job record) shown in the current language.
/// The policy library stays free of any language: its reasons are read back here by their shapes — the grant's state
/// and period, tables and columns outside the grant, and the column-rule refusal with its place in the SQL and the
/// nearest allowed form; other sentences by the shapes of <see cref="EnglishShapes"/>. A reason of no known shape is shown as it was written (English).
/// </summary>
internal static partial class ReasonText
{
    /// <summary><paramref name="reason"/> in the current language (in English: exactly as written).</summary>
    public static string Localize(string reason) =>
        Messages.Current == UiLanguage.English ? reason : Localize(reason, MessageCatalog.Of(Messages.Current));

    /// <summary>
    /// <paramref name="reason"/> read back through <paramref name="catalog"/>: several reasons joined by "; " each on
    /// their own. Through the English catalog a reason of a known shape comes back word for word (a test holds to it).
    /// </summary>
    public static string Localize(string reason, MessageCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(catalog);
        // Reasons are joined with "; "; inside one, "; " only ever comes before the nearest allowed form.
        var parts = ReasonSeparator().Split(reason);
        return string.Join(catalog.Format("reason.separator", []), parts.Select(p => One(p, catalog)));
    }

    private static string One(string reason, MessageCatalog catalog)
    {
        string Say(string id, params (string Name, object? Value)[] args) => catalog.Format(id, args);

        if (PolicyRefusal().Match(reason) is { Success: true } refused) return Say("reason.refused-by-policy", ("reasons", One(refused.Groups["rest"].Value, catalog)));
        if (Query().Match(reason) is { Success: true } query) return Say("reason.query", ("name", query.Groups["name"].Value), ("reason", One(query.Groups["rest"].Value, catalog)));
        if (ColumnRule().Match(reason) is { Success: true } rule) return ColumnRuleText(rule, catalog);
        if (GrantState().Match(reason) is { Success: true } state && States.TryGetValue(state.Groups["state"].Value, out var stateId))
        {
            return Say("reason.grant-state", ("grant", state.Groups["grant"].Value), ("state", new LocalMessage(stateId)));
        }
        if (GrantPeriod().Match(reason) is { Success: true } period)
        {
            return Say(period.Groups["ended"].Success ? "reason.grant-expired" : "reason.grant-starts",
                ("grant", period.Groups["grant"].Value), ("day", period.Groups["day"].Value));
        }
        if (TableFunction().Match(reason) is { Success: true } function) return Say("reason.table-function", ("function", function.Groups["function"].Value));
        if (NotGranted().Match(reason) is { Success: true } outside)
        {
            return Say(outside.Groups["kind"].Value == "table" ? "reason.table-not-granted" : "reason.column-not-granted",
                ("name", outside.Groups["name"].Value), ("grant", outside.Groups["grant"].Value));
        }
        // Consent, training, the container and ml kinds, the lifecycle: sentences of the catalog's shape families.
        return EnglishShapes.Read(reason) is { } shaped ? shaped.In(catalog.Language) : reason;
    }

    // column T.C is CONSTRAINT — RULE — but LOCATION uses it HOW (line L:C `FRAGMENT`); INSTEAD
    private static string ColumnRuleText(Match rule, MessageCatalog catalog)
    {
        string Say(string id, params (string Name, object? Value)[] args) => catalog.Format(id, args);
        var constraint = rule.Groups["constraint"].Value;
        if (!Rules.TryGetValue(constraint, out var ruleId)) return rule.Value;
        var location = rule.Groups["location"].Value;
        object how = rule.Groups["how"].Success ? new LocalMessage(Hows[rule.Groups["how"].Value]) : "";
        var where = rule.Groups["line"].Success
            ? Say("reason.where", ("line", rule.Groups["line"].Value), ("column", rule.Groups["col"].Value), ("fragment", rule.Groups["fragment"].Value))
            : "";
        var instead = rule.Groups["instead"].Value;
        foreach (var (pattern, id) in Insteads)
        {
            if (pattern.Match(instead) is { Success: true } form)
            {
                instead = Say(id, ("column", form.Groups["column"].Value));
                break;
            }
        }
        return Say("reason.column-rule", ("column", rule.Groups["column"].Value), ("constraint", constraint), ("rule", new LocalMessage(ruleId)),
            ("location", Location(location)),
            ("how", how), ("where", where), ("instead", instead));
    }

    // The policy's words for a grant that is not active (SqlJobAuthorizer.Describe) are the English catalog's reason.state.*.
    // "output column 'x'" (the outermost query's columns), a clause named in words, or a SQL keyword kept as written.
    private static object Location(string location) =>
        OutputColumn().Match(location) is { Success: true } output ? new LocalMessage("reason.location.output-column", ("name", output.Groups["name"].Value))
        : Locations.TryGetValue(location, out var id) ? new LocalMessage(id)
        : location;

    private static readonly Dictionary<string, string> States = MessageCatalog.Of(UiLanguage.English).Ids
        .Where(id => id.StartsWith("reason.state.", StringComparison.Ordinal))
        .ToDictionary(id => MessageCatalog.Of(UiLanguage.English).Find(id)!, id => id, StringComparer.Ordinal);

    // Keyed by the constraint's name; the English is Sandbox.Policy's ColumnConstraints.Rule.
    private static readonly Dictionary<string, string> Rules = new(StringComparer.Ordinal)
    {
        ["aggregate-only"] = "reason.rule.aggregate-only",
        ["group-by-only"] = "reason.rule.group-by-only",
        ["join-only"] = "reason.rule.join-only",
        ["compare-only"] = "reason.rule.compare-only",
        ["forbidden"] = "reason.rule.forbidden",
    };

    private static readonly Dictionary<string, string> Hows = new(StringComparer.Ordinal)
    {
        [" as a group key"] = "reason.how.group-key",
        [" in a comparison"] = "reason.how.comparison",
        [" as a join key"] = "reason.how.join-key",
        [" inside an aggregate"] = "reason.how.aggregate",
        [" in an aggregate of comparisons"] = "reason.how.aggregate-of-comparisons",
        [" as a value"] = "reason.how.value",
    };

    // Clauses named in words; SQL keywords (WHERE, GROUP BY, ON, HAVING …) stay as they are written.
    private static readonly Dictionary<string, string> Locations = new(StringComparer.Ordinal)
    {
        ["the select list"] = "reason.location.select-list",
        ["window ORDER BY"] = "reason.location.window-order-by",
        ["window frame"] = "reason.location.window-frame",
    };

    // Sandbox.Policy's RefusalHints.Instead, one form per constraint.
    private static readonly (Regex Pattern, string Id)[] Insteads =
    [
        (Whole(@"use it inside an aggregate, e\.g\. sum\((?<column>[^)]+)\), avg\(\k<column>\) or count\(\k<column>\), grouped by columns you may show"), "reason.instead.aggregate-only"),
        (Whole(@"group by it and show counts or sums, e\.g\. SELECT (?<column>\S+), count\(\*\) … GROUP BY \k<column>"), "reason.instead.group-by-only"),
        (Whole(@"use it only to join, e\.g\. JOIN … ON a\.(?<column>\S+) = b\.\k<column>, and select other columns"), "reason.instead.join-only"),
        (Whole(@"compare it with a constant in WHERE, e\.g\. WHERE (?<column>\S+) = '…', or count matches: count\(\*\) FILTER \(WHERE \k<column> = '…'\)"), "reason.instead.compare-only"),
        (Whole(@"leave it out: no use of it is allowed(?<column>)"), "reason.instead.forbidden"),
    ];

    private static Regex Whole(string pattern) => new($"^{pattern}$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"; (?!use it |group by it |leave it out|compare it )")]
    private static partial Regex ReasonSeparator();

    [GeneratedRegex(@"^refused by policy: (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex PolicyRefusal();

    [GeneratedRegex(@"^query (?<name>[^:\s]+): (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex Query();

    [GeneratedRegex(@"^column (?<column>\S+) is (?<constraint>[a-z-]+) — .+? — but (?<location>.+?) uses it(?<how> as a group key| in a comparison| as a join key| inside an aggregate| in an aggregate of comparisons| as a value)?(?: \(line (?<line>\d+):(?<col>\d+) `(?<fragment>.*)`\))?; (?<instead>.*)$", RegexOptions.Singleline)]
    private static partial Regex ColumnRule();

    [GeneratedRegex(@"^output column '(?<name>.*)'$")]
    private static partial Regex OutputColumn();

    [GeneratedRegex(@"^grant (?<grant>\S+) is (?<state>.+)$")]
    private static partial Regex GrantState();

    [GeneratedRegex(@"^grant (?<grant>\S+) (?:(?<ended>expired)|starts) on (?<day>\d{4}-\d{2}-\d{2})$")]
    private static partial Regex GrantPeriod();

    [GeneratedRegex(@"^table function (?<function>.+) is not allowed$")]
    private static partial Regex TableFunction();

    [GeneratedRegex(@"^(?<kind>table|column) (?<name>\S+) is not granted by (?<grant>\S+)$")]
    private static partial Regex NotGranted();
}
