using Sandbox.Contracts.Audit;
using Sandbox.Documents;
using Sandbox.Host.Governance;
using Sandbox.Host.Governance.Requests;
using Sandbox.Host.Home;
using Sandbox.Host.Images;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;
using Sandbox.Policy.Calendar;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Principals;
using Sandbox.Policy.Training;

namespace Sandbox.Host.Policies;

/// <summary>
/// Loads policy documents (grants, principals) from a file or a folder. All documents are validated first;
/// only if every one is valid are they stored, in one transaction.
/// </summary>
public static class PolicyApplier
{
    private static readonly HashSet<string> OtherFolders = new(StringComparer.Ordinal) { "export", "masking", "agreements" };

    /// <summary>What one apply stored.</summary>
    public sealed record Applied(IReadOnlyList<string> Grants, int Principals)
    {
        /// <summary>True when a working calendar was applied.</summary>
        public bool Calendar { get; init; }

        /// <summary>How many training records were applied.</summary>
        public int Training { get; init; }

        /// <summary>The approved job images, when a list was applied.</summary>
        public IReadOnlyCollection<string>? Images { get; init; }

        /// <summary>
        /// Granted personal columns without consent evidence: every job reading them will be refused until the grant
        /// records it (seed §7). Said when the grant is applied, not at the first refused job.
        /// </summary>
        public IReadOnlyList<string> Warnings { get; init; } = [];
    }

    /// <summary>Validates every document under <paramref name="path"/>, checks who may apply it, and stores them in one transaction.</summary>
    /// <param name="session">The session acting.</param>
    /// <param name="path">A document or a folder of them.</param>
    /// <param name="approveLoosening">The bureau's justification for a grant that opens a level-4 column to keep or plain.</param>
    public static Applied Apply(SandboxSession session, string path, string? approveLoosening = null)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                // Other components' documents (export limits, masking) and agreements (recorded by `grant activate`)
                // live beside ours; a folder apply leaves them alone.
                .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar)[..^1].Any(OtherFolders.Contains))
                .Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new InputException(new LocalMessage("error.policy.no-path", ("path", path)));
        if (files.Count == 0) throw new InputException(new LocalMessage("error.policy.none", ("path", path)));

        // 1. Parse and validate every document; collect all errors before storing anything.
        var catalog = new StoreCatalog(session.Store);
        var grants = new List<Grant>();
        (IReadOnlyList<Principal> List, string File)? principals = null;
        (WorkingCalendar Calendar, string File, string Sha)? calendar = null;
        var training = new List<TrainingRecord>();
        (ApprovedImages List, string File, string Sha)? images = null;
        (string Yaml, string File, string Sha)? caps = null;
        (string Yaml, string File, string Sha)? pricing = null;
        var errors = new List<PolicyError>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            try
            {
                // Each document goes to its loader by the root key that names its kind; a grant is the one with an id.
                switch (KindOf(text))
                {
                    case "images": images = (ApprovedImages.Parse(file, text), file, Sha256(text)); break;
                    case "maxima": caps = (PlatformCaps.Validate(file, text), file, Sha256(text)); break;
                    case "pricing": pricing = (Reports.PricingPolicy.Validate(file, text), file, Sha256(text)); break;
                    case "principals": principals = (PrincipalLoader.Load(file, text), file); break;
                    case "calendar": calendar = (CalendarLoader.Load(file, text), file, Sha256(text)); break;
                    case "training": training.AddRange(TrainingLoader.Load(file, text)); break;
                    case "id": grants.Add(GrantLoader.Load(file, text, catalog)); break;
                    case null:
                        // Not a mapping, or bad YAML: the grant loader names the problem with its line.
                        grants.Add(GrantLoader.Load(file, text, catalog));
                        break;
                    default:
                        errors.Add(new PolicyError(file, 1, "document", $"not a policy document: its root keys name none of {string.Join(", ", DocumentKinds)} (a grant has an id)"));
                        break;
                }
            }
            catch (PolicyDocumentException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        errors.AddRange(ExportLimitProblems(grants));
        if (errors.Count > 0)
        {
            throw InputException.Of(errors);
        }
        var duplicate = grants.GroupBy(g => g.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException(new LocalMessage("error.policy.grant-twice", ("file", duplicate.ElementAt(1).SourceFile), ("id", duplicate.Key)));

        // 2. Who may apply what (PolicyAuthority); a loosened level-4 column needs the bureau's recorded approval.
        var allowed = PolicyAuthority.Filter(session, new PolicyAuthority.Documents(grants, principals, calendar, training, images) { Caps = caps, Pricing = pricing });
        (grants, principals, calendar, training, images, caps) = (allowed.Grants, allowed.Principals, allowed.Calendar, allowed.Training, allowed.Images, allowed.Caps);
        pricing = allowed.Pricing;
        var loosened = grants.Where(g => session.Store.FindGrant(g.Id)?.Sha256 != g.DocumentSha256)
            .Select(g => (Grant: g.Id, Columns: PolicyAuthority.Loosened(g, catalog))).Where(l => l.Columns.Count > 0).ToList();
        if (loosened.Count > 0)
        {
            var what = string.Join("; ", loosened.Select(l => $"grant {l.Grant} opens level-4 {string.Join(", ", l.Columns)} to keep/plain"));
            if (string.IsNullOrWhiteSpace(approveLoosening))
            {
                throw new RefusedException(new LocalMessage("error.policy.loosening", ("what", what)));
            }
            session.Authorize(AccessAction.PolicyApproveLoosening, AccessResource.Platform);
        }

        var warnings = grants.SelectMany(g => Sandbox.Policy.Consent.ConsentRule.Check(g, g.Datasets.Keys, catalog)).ToList();

        // Consent evidence comes into the home with its grant, hashed (content-addressed: harmless if the apply fails).
        var consent = ConsentEvidence.Store(session.Home, grants.Where(g => session.Store.FindGrant(g.Id)?.Sha256 != g.DocumentSha256));

        // 3. Store them in one transaction with one audit entry: a crash leaves all or nothing.
        var requests = session.Store.ListDataRequests();
        var records = grants.Select(document =>
        {
            // Columns the bureau approved through data requests stay granted when the document is applied again.
            var grant = DataRequestService.WithApprovedColumns(document, requests);
            var existing = session.Store.FindGrant(grant.Id);
            // A new grant with a signed agreement starts active; without one it starts at `applied`.
            // Re-applying a document never changes the lifecycle state: that takes a lifecycle command.
            var state = existing?.State ?? grant.InitialState;
            return new GrantRecord(grant.Id, state, grant, grant.SourceFile, grant.DocumentSha256, session.Time.GetUtcNow());
        }).ToList();
        var detail = new
        {
            grants = records.Select(r => new { r.Id, r.State, r.Sha256, file = r.SourceFile }),
            principals = principals?.List.Select(p => new { p.Id, p.Roles }),
            consent = consent.Count == 0 ? null : consent,
            withoutConsent = warnings.Count == 0 ? null : warnings,
            loosening = loosened.Count == 0 ? null : new { approvedBy = session.Actor, reason = approveLoosening, columns = loosened.Select(l => new { grant = l.Grant, l.Columns }) },
            calendar = calendar is { } c ? new { file = c.File, sha256 = c.Sha, holidays = c.Calendar.Holidays.Count, workdays = c.Calendar.MakeUpWorkdays.Count } : null,
            training = training.Select(t => new { t.Principal, t.Course, t.Completed, t.ValidUntil }),
            images = images is { } i ? new { file = i.File, sha256 = i.Sha, approved = i.List.Names.Order(StringComparer.Ordinal) } : null,
            platformLimits = caps is { } l ? new { file = l.File, sha256 = l.Sha } : null,
            pricing = pricing is { } pr ? new { file = pr.File, sha256 = pr.Sha } : null,
        };
        session.Store.Change(session.Actor, AuditActions.PolicyApply, Path.GetFullPath(path), detail, tx =>
        {
            if (principals is { } declared)
            {
                tx.ReplacePrincipals(declared.List);
            }
            foreach (var record in records) tx.PutGrant(record);
            if (calendar is { } applied)
            {
                tx.PutPolicyDocument(GovernanceStore.CalendarKind, GovernanceStore.Serialize(applied.Calendar), applied.File, applied.Sha);
            }
            foreach (var t in training) tx.PutTraining(t.Principal, t.Course, t.Completed, t.ValidUntil, session.Actor);
            if (images is { } approved) tx.PutPolicyDocument(ApprovedImages.Kind, approved.List.ToJson(), approved.File, approved.Sha);
            if (caps is { } limits) tx.PutPolicyDocument(PlatformCaps.Kind, limits.Yaml, limits.File, limits.Sha);
            if (pricing is { } fees) tx.PutPolicyDocument(Reports.PricingPolicy.Kind, fees.Yaml, fees.File, fees.Sha);
            return 0;
        });
        return new Applied([.. grants.Select(g => g.Id)], principals?.List.Count ?? 0)
        {
            Calendar = calendar is not null,
            Training = training.Count,
            Images = images?.List.Names,
            Warnings = warnings,
        };
    }

    // The root keys that name a document's kind, in the order they are looked for.
    private static readonly string[] DocumentKinds = ["images", "maxima", "pricing", "principals", "calendar", "training", "id"];

    /// <summary>The kind-naming root key of a document; "" for a mapping with none of them; null when it is not a mapping.</summary>
    private static string? KindOf(string text)
    {
        var keys = DocumentRoot.KeysOf(text);
        if (keys.Count == 0) return null;
        // A grant that forgot its id still reads as a grant, so its loader can say the id is missing.
        return DocumentKinds.FirstOrDefault(keys.Contains) ?? (keys.Any(k => k is "operator" or "datasets" or "period" or "scenario") ? "id" : "");
    }

    /// <summary>
    /// Every problem of the grants' <c>export:</c> limits, judged by the export gate against its defaults (tighten only),
    /// with the grant document's lines; and any export-limit file of the older layout beside a grant
    /// (<c>export/grants/ID.yaml</c>), which no longer takes effect and must not be mistaken for limits in force.
    /// </summary>
    private static List<PolicyError> ExportLimitProblems(IEnumerable<Grant> grants)
    {
        var problems = new List<PolicyError>();
        foreach (var grant in grants)
        {
            if (grant.ExportLimits is not null)
            {
                try
                {
                    Sandbox.Export.Policy.ExportPolicy.Defaults.Tighten(File.ReadAllText(grant.SourceFile), grant.SourceFile, "export");
                }
                catch (PolicyDocumentException ex)
                {
                    problems.AddRange(ex.Errors);
                }
            }
            var folder = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(grant.SourceFile)));
            var legacy = Path.Combine(folder ?? ".", "export", "grants", grant.Id + ".yaml");
            if (File.Exists(legacy))
            {
                problems.Add(new PolicyError(legacy, 1, "document", $"a grant's export limits now live in its own document, under export: (move these keys into {Path.GetFileName(grant.SourceFile)} and remove this file)"));
            }
        }
        return problems;
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
