using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Documents;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Policies;

/// <summary>
/// Loads policy documents (grants, principals) from a file or a folder. All documents are validated first;
/// only if every one is valid are they stored, in one transaction.
/// </summary>
public static partial class PolicyApplier
{
    [GeneratedRegex(@"^principals\s*:", RegexOptions.Multiline)]
    private static partial Regex PrincipalsDocument();

    /// <summary>What one apply stored.</summary>
    public sealed record Applied(IReadOnlyList<string> Grants, int Principals);

    public static Applied Apply(SandboxSession session, string path)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new InputException($"{path}: no such file or folder");
        if (files.Count == 0) throw new InputException($"{path}: no .yaml policy documents found");

        // 1. Parse and validate every document; collect all errors before storing anything.
        var catalog = new StoreCatalog(session.Store);
        var grants = new List<Grant>();
        IReadOnlyList<Principal>? principals = null;
        var errors = new List<PolicyError>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            try
            {
                if (PrincipalsDocument().IsMatch(text)) principals = PrincipalLoader.Load(file, text);
                else grants.Add(GrantLoader.Load(file, text, catalog));
            }
            catch (PolicyDocumentException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0)
        {
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
            throw new InputException(errors[0] + more);
        }
        var duplicate = grants.GroupBy(g => g.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException($"{duplicate.ElementAt(1).SourceFile}: id: grant '{duplicate.Key}' is defined twice");

        // 2. Store them in one transaction with one audit entry: a crash leaves all or nothing.
        var records = grants.Select(grant =>
        {
            var existing = session.Store.FindGrant(grant.Id);
            // A new grant with a signed agreement starts active; without one it starts at `applied`.
            // Re-applying a document never changes the lifecycle state: that takes a lifecycle command.
            var state = existing?.State ?? (grant.AgreementSigned is null ? GrantState.Applied : GrantState.Active).ToString().ToLowerInvariant();
            return new GrantRecord(grant.Id, state, JsonSerializer.Serialize(grant, Jsons.Options), grant.SourceFile, grant.DocumentSha256, session.Time.GetUtcNow());
        }).ToList();
        var detail = new
        {
            grants = records.Select(r => new { r.Id, r.State, r.Sha256, file = r.SourceFile }),
            principals = principals?.Select(p => new { p.Id, p.Roles }),
        };
        session.Store.Change(session.Actor, "policy.apply", Path.GetFullPath(path), detail, tx =>
        {
            if (principals is not null)
            {
                session.Store.ReplacePrincipals(tx, principals.Select(p => (p.Id, JsonSerializer.Serialize(p, Jsons.Options))));
            }
            foreach (var record in records) session.Store.PutGrant(tx, record);
            return 0;
        });
        return new Applied([.. grants.Select(g => g.Id)], principals?.Count ?? 0);
    }

    /// <summary>The stored grant document.</summary>
    public static Grant Load(GrantRecord record) => JsonSerializer.Deserialize<Grant>(record.GrantJson, Jsons.Options)!;
}
