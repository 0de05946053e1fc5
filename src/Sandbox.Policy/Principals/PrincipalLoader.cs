using System.Text.RegularExpressions;
using Sandbox.Contracts.Principals;
using Sandbox.Documents;

namespace Sandbox.Policy.Principals;

/// <summary>Loads and validates <c>policies/principals.yaml</c>.</summary>
public static partial class PrincipalLoader
{
    /// <summary>Parses the principals document.</summary>
    /// <param name="path">The document's path, used in error messages.</param>
    /// <param name="yamlText">The document's text.</param>
    /// <returns>The principals in document order.</returns>
    /// <exception cref="PolicyDocumentException">The document is invalid; carries every error found.</exception>
    public static IReadOnlyList<Principal> Load(string path, string yamlText)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(yamlText);

        var (doc, errors) = DocumentParser.OpenRoot(path, yamlText, "principals");
        var principals = new List<Principal>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = doc.Sequence("principals", required: true)?.Children ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var field = $"principals[{i}]";
            if (MappingReader.AsMapping(items[i], field, errors) is not { } mapping)
            {
                continue;
            }

            var reader = new MappingReader(mapping, field, errors, "id", "name", "roles", "operator");
            if (Read(reader) is not { } principal)
            {
                continue;
            }

            if (!seen.Add(principal.Id))
            {
                errors.Add(reader.Value("id", false)!, reader.PathOf("id"), $"principal '{principal.Id}' is declared twice");
                continue;
            }

            principals.Add(principal);
        }

        errors.ThrowIfAny();
        return principals;
    }

    private static Principal? Read(MappingReader reader)
    {
        var id = reader.String("id", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            reader.Errors.Add(reader.Value("id", false)!, reader.PathOf("id"),
                $"'{id}' is not a valid id (letters, digits, '.', '_', '@' and '-', starting with a letter or digit)");
            id = null;
        }

        var name = reader.String("name", required: true);
        var roles = new List<Role>();
        var roleNodes = reader.StringList("roles", required: true);
        foreach (var role in roleNodes ?? [])
        {
            if (!Roles.Vocabulary.TryParse(role.Value, out var known))
            {
                reader.Errors.Add(role, reader.PathOf("roles"), $"unknown role '{role.Value}' (expected {string.Join(", ", Roles.Vocabulary.Names)})");
            }
            else if (roles.Contains(known))
            {
                reader.Errors.Add(role, reader.PathOf("roles"), $"role '{role.Value}' is listed twice");
            }
            else
            {
                roles.Add(known);
            }
        }

        if (roleNodes is { Count: 0 })
        {
            reader.Errors.Add(reader.Value("roles", false)!, reader.PathOf("roles"), "a principal needs at least one role");
        }

        var op = reader.String("operator", required: false);
        var isOperator = roles.Contains(Role.Operator);
        if (isOperator && op is null)
        {
            reader.Errors.Add(reader.Node, reader.PathOf("operator"), "a principal with the operator role must name its operator organization");
        }
        else if (!isOperator && op is not null && roleNodes is not null && roles.Count == roleNodes.Count)
        {
            // An organization on a non-operator principal would suggest rights it does not have.
            reader.Errors.Add(reader.Value("operator", false)!, reader.PathOf("operator"), "only a principal with the operator role may name an operator organization");
        }

        return id is null || name is null || roleNodes is null ? null : new Principal(id, name, roles, op);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex IdPattern();
}
