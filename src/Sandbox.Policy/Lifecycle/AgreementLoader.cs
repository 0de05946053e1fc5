using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sandbox.Documents;
using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Lifecycle;

/// <summary>
/// Loads an agreement document (<c>grant, signed, parties, content, period, scope, responsibilities, termination</c>)
/// and checks it against the grant it signs.
/// </summary>
public static class AgreementLoader
{
    /// <summary>Parses the document; every field is required, and grant and period must match <paramref name="grant"/>.</summary>
    /// <exception cref="PolicyDocumentException">The document is invalid; carries every error found.</exception>
    public static Agreement Load(string path, string yamlText, Grant grant, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(grant);
        var (doc, errors) = DocumentParser.OpenRoot(path, yamlText,
            "grant", "signed", "parties", "content", "period", "scope", "responsibilities", "termination");
        var id = doc.String("grant", required: true);
        if (id is not null && id != grant.Id)
        {
            errors.Add(doc.Value("grant", false)!, "grant", $"the agreement signs grant '{id}', not '{grant.Id}'");
        }

        var signed = doc.Date("signed", required: true);
        if (signed is { } s && s > today)
        {
            errors.Add(doc.Value("signed", false)!, "signed", $"{Day(s)} is in the future (today is {Day(today)})");
        }

        var parties = doc.StringList("parties", required: true)?.Select(p => p.Value!).ToList();
        if (parties is { Count: < 2 })
        {
            errors.Add(doc.Value("parties", false)!, "parties", "an agreement has at least two parties: the bureau and the operator");
        }

        var period = doc.Reader("period", required: true, "from", "to");
        var from = period?.Date("from", required: true);
        var to = period?.Date("to", required: true);
        if (from is not null && to is not null && (from != grant.Period.From || to != grant.Period.To))
        {
            errors.Add(period!.Node, "period",
                $"{Day(from.Value)}..{Day(to.Value)} differs from the grant's period {Day(grant.Period.From)}..{Day(grant.Period.To)}");
        }

        var content = doc.String("content", required: true);
        var scope = doc.String("scope", required: true);
        var responsibilities = doc.String("responsibilities", required: true);
        var termination = doc.String("termination", required: true);
        errors.ThrowIfAny();
        return new Agreement
        {
            Grant = grant.Id,
            Signed = signed!.Value,
            Parties = parties!,
            Content = content!,
            Period = grant.Period,
            Scope = scope!,
            Responsibilities = responsibilities!,
            Termination = termination!,
            DocumentSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yamlText))),
        };
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
