using Sandbox.Host.Governance;
using Sandbox.Host.Home;
using Sandbox.Host.Images;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;
using Sandbox.Policy.Calendar;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Principals;
using Sandbox.Policy.Training;

namespace Sandbox.Host.Policies;

/// <summary>
/// Who may apply which policy document: principals and approved images are the administrator's platform documents;
/// grants and the working calendar are the bureau's; training records are governance's or the bureau's. A folder
/// holds documents of several owners, so a document the actor may not apply is left alone when it is identical to
/// what is stored, and refused (naming the file and the role it needs) when it would change anything.
/// </summary>
internal static class PolicyAuthority
{
    /// <summary>The documents of one apply, as parsed.</summary>
    public sealed record Documents(
        List<Grant> Grants,
        (IReadOnlyList<Principal> List, string File)? Principals,
        (WorkingCalendar Calendar, string File, string Sha)? Calendar,
        List<TrainingRecord> Training,
        (ApprovedImages List, string File, string Sha)? Images)
    {
        /// <summary>The platform's caps on job limits, when a document of them was given.</summary>
        public (string Yaml, string File, string Sha)? Caps { get; init; }

        /// <summary>The bureau's pricing (seed §11), when a document of it was given.</summary>
        public (string Yaml, string File, string Sha)? Pricing { get; init; }
    }

    /// <summary>The documents the actor may apply (unchanged ones of other owners dropped); throws the refusals.</summary>
    public static Documents Filter(SandboxSession session, Documents documents)
    {
        var refusals = new List<LocalMessage>();
        var platform = session.Can(AccessAction.PlatformPolicyApply, AccessResource.Platform);
        var policy = session.Can(AccessAction.PolicyApply, AccessResource.Platform);
        var training = session.Can(AccessAction.TrainingManage, AccessResource.Platform);

        var principals = documents.Principals;
        if (principals is { } p && !platform)
        {
            if (!SamePrincipals(session.Store.ListPrincipals(), p.List)) refusals.Add(Needs(session, p.File, new LocalMessage("policy.apply.what.principals"), AccessAction.PlatformPolicyApply));
            principals = null;
        }

        var images = documents.Images;
        if (images is { } i && !platform)
        {
            if (session.Store.FindPolicyDocument(ApprovedImages.Kind) != i.List.ToJson()) refusals.Add(Needs(session, i.File, new LocalMessage("policy.apply.what.images"), AccessAction.PlatformPolicyApply));
            images = null;
        }

        var caps = documents.Caps;
        if (caps is { } l && !platform)
        {
            // Unchanged means: the same caps as those in force (the host's own when none was applied).
            if (PlatformCaps.Of(session) != Sandbox.Policy.Jobs.PlatformLimits.Parse(l.File, l.Yaml)) refusals.Add(Needs(session, l.File, new LocalMessage("policy.apply.what.platform-limits"), AccessAction.PlatformPolicyApply));
            caps = null;
        }

        var pricing = documents.Pricing;
        if (pricing is { } fees && !policy)
        {
            // The bureau sets the fees; unchanged means the very document in force.
            if (session.Store.FindPolicyDocument(Reports.PricingPolicy.Kind) != fees.Yaml) refusals.Add(Needs(session, fees.File, new LocalMessage("policy.apply.what.pricing"), AccessAction.PolicyApply));
            pricing = null;
        }

        var calendar = documents.Calendar;
        if (calendar is { } c && !policy)
        {
            if (session.Store.FindPolicyDocument(GovernanceStore.CalendarKind) != GovernanceStore.Serialize(c.Calendar)) refusals.Add(Needs(session, c.File, new LocalMessage("policy.apply.what.calendar"), AccessAction.PolicyApply));
            calendar = null;
        }

        var grants = documents.Grants;
        if (!policy)
        {
            foreach (var g in grants.Where(g => session.Store.FindGrant(g.Id)?.Sha256 != g.DocumentSha256))
            {
                refusals.Add(Needs(session, g.SourceFile, new LocalMessage("policy.apply.what.grant", ("id", g.Id)), AccessAction.PolicyApply));
            }
            grants = [];
        }

        var records = documents.Training;
        if (!training)
        {
            var stored = session.Store.TrainingOf(null).ToHashSet();
            foreach (var t in records.Where(t => !stored.Contains((t.Principal, t.Course, t.Completed, t.ValidUntil))))
            {
                refusals.Add(new LocalMessage("policy.apply.refusal-training", ("principal", t.Principal),
                    ("refusal", AccessRefusal.Of(session.Principal, AccessAction.TrainingManage))));
            }
            records = [];
        }

        // Every refusal, in the reader's language, one after the other.
        if (refusals.Count > 0) throw new ForbiddenException(refusals.Skip(1).Aggregate(refusals[0], (left, right) => new LocalMessage("policy.apply.and", ("left", left), ("right", right))));
        return new Documents(grants, principals, calendar, records, images) { Caps = caps, Pricing = pricing };
    }

    /// <summary>
    /// The level-4 columns a grant opens to <c>keep</c> masking or the <c>plain</c> constraint: only with the bureau's
    /// explicit approval, recorded in the audit log.
    /// </summary>
    public static IReadOnlyList<string> Loosened(Grant grant, IDatasetCatalog catalog) =>
    [
        .. from d in grant.Datasets.Values
           from column in d.Columns
           where catalog.LevelOf(d.Name, column) >= 4
           let masking = d.Masking.FirstOrDefault(m => string.Equals(m.Key, column, StringComparison.OrdinalIgnoreCase)).Value
           let constraint = d.Constraints.FirstOrDefault(m => string.Equals(m.Key, column, StringComparison.OrdinalIgnoreCase)).Value
           where masking == "keep" || constraint == "plain"
           select $"{d.Name}.{column}",
    ];

    /// <summary>True when <paramref name="given"/> declares exactly the stored principals (in any order), field by field.</summary>
    private static bool SamePrincipals(IReadOnlyList<Principal> stored, IReadOnlyList<Principal> given) =>
        stored.Count == given.Count && stored.OrderBy(p => p.Id, StringComparer.Ordinal).Zip(given.OrderBy(p => p.Id, StringComparer.Ordinal))
            .All(x => x.First.Id == x.Second.Id && x.First.Name == x.Second.Name && x.First.Operator == x.Second.Operator && x.First.Roles.SequenceEqual(x.Second.Roles));

    // "FILE: what: who may not do it (needs role …)", the document kind a word of the reader's language.
    private static LocalMessage Needs(SandboxSession session, string file, LocalMessage what, AccessAction action) =>
        new("policy.apply.refusal", ("file", file), ("what", what), ("refusal", AccessRefusal.Of(session.Principal, action)));
}
