using Sandbox.Contracts.Audit;
using Sandbox.Host.Access;
using Sandbox.Host.DataPlane;
using Sandbox.Host.Exports;
using Sandbox.Host.Governance;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Localization;
using Sandbox.Host.Policies;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Training;
using Sandbox.Policy.Visibility;

namespace Sandbox.Host.Dummy;

/// <summary>
/// <c>sandbox dummy GRANT --out DIR</c> (OpenSAFELY's dummy data): a folder holding each granted table as
/// <c>&lt;table&gt;.parquet</c> — the grant's tables, columns, types and masking formats, with values drawn from a profile
/// of the grant's masked data that keeps only aggregates above the export threshold — and <c>dummy.json</c>. No value of
/// the grant's data is copied, but categories held by at least the threshold's subjects (their purpose is to look real).
/// </summary>
internal static class DummyGenerator
{
    /// <summary>The seed without <c>--seed</c>: the same grant data gives the same dummy data.</summary>
    public const int DefaultSeed = 18;

    /// <summary>Dummy tables are for writing jobs, not for measuring them: at most this many rows each.</summary>
    public const long MaxRows = 100_000;

    public static DummyManifest Generate(SandboxSession session, string grantId, string outDirectory, int seed, long? rows, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        // 0. The grant's own operator only (the authorizer): a grant the actor may not see answers as missing.
        var notFound = new LocalMessage("error.no-grant", ("field", "GRANT"), ("id", grantId));
        var record = session.Store.FindGrant(grantId) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.DummyGenerate, Resources.Grant(record), notFound);
        var target = Target(session.Home, outDirectory);
        if (rows is < 1 or > MaxRows) throw new InputException(new LocalMessage("cli.dummy.rows", ("rows", rows), ("max", MaxRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))));

        // 1. The grant must be usable now, by someone trained: dummy data is drawn from its data.
        var state = GrantLifecycleService.Refresh(session, record);
        if (state != GrantState.Active) throw new RefusedException(new LocalMessage("cli.dummy.grant-inactive", ("grant", grantId), ("state", EnglishShapes.Read(state.Name()) ?? (object)state.Name())));
        if (TrainingRule.Check(session.Actor, GovernanceStore.TrainingOf(session, session.Actor), session.Today) is { } untrained) throw new RefusedException(untrained);
        var grant = record.Grant;
        var catalog = new StoreCatalog(session.Store);
        var (decision, tables) = JobAdmission.Plan(session, grant, grant.Datasets.Keys, catalog);
        if (!decision.Allowed)
        {
            var reasons = string.Join("; ", decision.Reasons);
            // The English as the policy wrote it; shown with the reasons read back in the reader's language.
            throw new RefusedException($"grant {grantId}: {reasons}", new LocalMessage("cli.dummy.grant-refused", ("grant", grantId), ("reasons", ReasonText.Localize(reasons))));
        }
        var threshold = ExportChecks.PolicyFor(record).Options.Threshold;

        // 2. Each table's profile, over the grant's masked materialization (built first when there is none).
        var profiles = new List<DummyProfiler.TableProfile>();
        foreach (var table in tables)
        {
            var ready = Materializer.Ensure(session.Home, grantId, session.MaskingKey, table, cancellationToken, progress);
            if (ready.Built) session.Store.Record(session.Actor, AuditActions.MaterializationBuild, grantId, new { table = ready.Name, ready.Address, ready.Rows, via = "dummy" });
            profiles.Add(DummyProfiler.Profile(ready.Parquet, table, threshold));
        }

        // 3. The values, written under a temporary name beside DIR, which appears whole by rename.
        var counts = profiles.ToDictionary(p => p.Name, p => rows ?? Math.Min(DummyProfiler.RoundedRows(p.Rows, threshold), MaxRows));
        var pools = TokenPools(profiles, counts);
        var random = new Random(seed);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var written = new List<DummyTable>();
            foreach (var (profile, plan) in profiles.Zip(tables))
            {
                var count = counts[profile.Name];
                var values = profile.Columns.Select(c => new DummyValues(c, random, (kind, i) => DummyValues.Token(seed, kind, i), pools.GetValueOrDefault(c.Entity ?? c.Name, (int)count))).ToList();
                var unique = DummyTableWriter.Write(Path.Combine(temp, profile.Name + ".parquet"), profile, count, values, cancellationToken);
                var granted = grant.Datasets.First(d => string.Equals(d.Key, profile.Name, StringComparison.OrdinalIgnoreCase)).Value;
                written.Add(new DummyTable(profile.Name, count, profile.Subject, unique, catalog.ColumnsOf(profile.Name) ?? granted.Columns,
                    [.. profile.Columns.Select(c =>
                    {
                        var level = plan.Columns.First(p => p.Column == c.Name).Level;
                        return new DummyColumn(c.Name, c.Type, level, ColumnConstraints.Name(granted.ConstraintOf(c.Name, level)), Technique(c),
                            grant.HasConsent(profile.Name, c.Name), catalog.NeedsConsent(profile.Name, c.Name), c.Kind);
                    })]));
            }
            var manifest = new DummyManifest
            {
                Grant = grant.Id,
                Operator = grant.Operator.Id,
                PeriodFrom = grant.Period.From,
                PeriodTo = grant.Period.To,
                Seed = seed,
                Threshold = threshold,
                GeneratedAt = session.Time.GetUtcNow(),
                Tables = written,
            };
            manifest.Write(temp);
            if (Directory.Exists(target)) Directory.Delete(target); // empty: checked above
            Directory.Move(temp, target);
            // 4. Audited: who drew dummy data from which grant, with which seed and sizes (no path of theirs, no value).
            session.Store.Record(session.Actor, AuditActions.DummyGenerate, grantId,
                new { seed, threshold, tables = written.Select(t => new { t.Name, t.Rows, columns = t.Columns.Count }) });
            return manifest;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    // DIR, outside the home (whose files only the host reads), new or empty, in a folder that exists.
    private static string Target(SandboxHome home, string outDirectory)
    {
        if (string.IsNullOrWhiteSpace(outDirectory)) throw new InputException(new LocalMessage("cli.dummy.out-required"));
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDirectory));
        if (Inside(target, home.Root))
        {
            throw new InputException(new LocalMessage("cli.dummy.out-in-home", ("path", outDirectory)));
        }
        if (File.Exists(target)) throw new InputException(new LocalMessage("cli.dummy.out-file", ("path", outDirectory)));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()) throw new InputException(new LocalMessage("cli.dummy.out-not-empty", ("path", outDirectory)));
        if (!Directory.Exists(Path.GetDirectoryName(target))) throw new InputException(new LocalMessage("cli.dummy.out-parent", ("parent", Path.GetDirectoryName(target)), ("name", Path.GetFileName(target))));
        return target;
    }

    /// <summary>True when <paramref name="directory"/> is the home, inside it or holds it (links resolved where they exist).</summary>
    public static bool Inside(string directory, string homeRoot)
    {
        var target = Resolved(directory);
        var root = Resolved(homeRoot);
        return target == root || target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || root.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    // The full path with every link along it resolved, as far as the path exists (a folder about to be made is not
    // a link, but its parent may be one).
    private static string Resolved(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var resolved = Path.GetPathRoot(full)!;
        foreach (var part in full[resolved.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            var info = new DirectoryInfo(next);
            resolved = info.Exists && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
                ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.FullName))
                : next;
        }
        return resolved;
    }

    // Tokens of one kind (say, resident IDs) come from one pool as large as the largest table whose subject they are,
    // so that joins on them match as they would in the grant's data.
    private static Dictionary<string, int> TokenPools(IEnumerable<DummyProfiler.TableProfile> profiles, Dictionary<string, long> counts)
    {
        var pools = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            foreach (var column in profile.Columns.Where(c => c.IsSubject && c.Kind == ColumnProfile.KindToken))
            {
                var kind = column.Entity ?? column.Name;
                pools[kind] = (int)Math.Max(pools.GetValueOrDefault(kind), counts[profile.Name]);
            }
        }
        return pools;
    }

    private static string Technique(ColumnProfile column) => column.Rule.Technique switch
    {
        Masking.Techniques.Technique.KeepFirstLast => $"keep-first-{column.Rule.First}-last-{column.Rule.Last}",
        Masking.Techniques.Technique.Generalize => $"generalize-{column.Rule.Generalization.ToString().ToLowerInvariant()}",
        var other => other.ToString().ToLowerInvariant(),
    };
}
