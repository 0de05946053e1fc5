using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sandbox.Documents;
using Sandbox.Export.Checks;
using YamlDotNet.RepresentationModel;

namespace Sandbox.Export.Policy;

/// <summary>
/// The disclosure limits in force: the defaults document (<c>policies/export/defaults.yaml</c>, built into this
/// assembly) tightened by a grant's own document. A grant may only tighten: a looser value is an error.
/// </summary>
/// <param name="Options">The limits as the checks take them (without evidence or subject columns).</param>
/// <param name="Sha256">The SHA-256 over the documents applied, lowercase hex: what a release records.</param>
public sealed record ExportPolicy(CheckOptions Options, string Sha256)
{
    private const string DefaultsName = "policies/export/defaults.yaml";

    /// <summary>The built-in defaults.</summary>
    public static ExportPolicy Defaults { get; } = LoadDefaults();

    /// <summary>
    /// The defaults tightened by the limits <paramref name="text"/> read from <paramref name="file"/>: the whole
    /// document, or its mapping under <paramref name="section"/> (a grant document's <c>export:</c>, with the
    /// document's own line numbers in errors).
    /// </summary>
    /// <exception cref="PolicyDocumentException">A value is malformed, unknown or looser than the default; every problem is listed.</exception>
    public ExportPolicy Tighten(string text, string file, string? section = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new DocumentErrors(file);
        var tightened = Read(text, Options, errors, requireTighter: true, section);
        errors.ThrowIfAny();
        return new ExportPolicy(tightened, Hash(Sha256 + "\n" + text));
    }

    private static ExportPolicy LoadDefaults()
    {
        using var stream = typeof(ExportPolicy).Assembly.GetManifestResourceStream("Sandbox.Export.defaults.yaml")
            ?? throw new InvalidOperationException($"{DefaultsName} is not built into Sandbox.Export");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string text = reader.ReadToEnd();
        var errors = new DocumentErrors(DefaultsName);
        var options = Read(text, new CheckOptions(), errors, requireTighter: false);
        errors.ThrowIfAny();
        return new ExportPolicy(options, Hash(text));
    }

    // Read through the platform's one document reader: unknown keys named with the nearest known one, every value
    // checked for its type and range, a looser value than the one in force refused when tightening.
    private static CheckOptions Read(string text, CheckOptions current, DocumentErrors errors, bool requireTighter, string? section = null)
    {
        if (DocumentParser.LoadRootMapping(text, errors) is not { } root)
        {
            return current;
        }

        if (section is not null)
        {
            var node = root.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == section).Value;
            if (node is not YamlMappingNode inner)
            {
                errors.Add(node ?? root, section, "expected a mapping of limits");
                return current;
            }

            root = inner;
        }

        var limits = new MappingReader(root, section ?? "", errors, "threshold", "dominance", "dof", "model", "rowLevel", "file");
        var o = current;
        if (limits.Value("threshold", false) is { } threshold)
        {
            o = o with { Threshold = Int(threshold, limits.PathOf("threshold"), o.Threshold, higherIsTighter: true) };
        }

        if (limits.Value("dof", false) is { } dof)
        {
            o = o with { MinResidualDof = Int(dof, limits.PathOf("dof"), o.MinResidualDof, higherIsTighter: true) };
        }

        if (limits.Reader("dominance", required: false, "nk", "p") is { } dominance)
        {
            if (dominance.Value("nk", false) is { } nk)
            {
                o = o with { DominanceShare = Int(nk, dominance.PathOf("nk"), (int)Math.Round(o.DominanceShare * 100), higherIsTighter: false, max: 100) / 100.0 };
            }

            if (dominance.Value("p", false) is { } p)
            {
                o = o with { PRatio = Int(p, dominance.PathOf("p"), (int)Math.Round(o.PRatio * 100), higherIsTighter: true, max: 100) / 100.0 };
            }
        }

        if (limits.Reader("model", required: false, "minRows", "maxGap") is { } model)
        {
            if (model.Value("minRows", false) is { } minRows)
            {
                o = o with { MinTrainingRows = Int(minRows, model.PathOf("minRows"), o.MinTrainingRows, higherIsTighter: true) };
            }

            if (model.Value("maxGap", false) is { } maxGap)
            {
                o = o with { MaxMembershipGap = Int(maxGap, model.PathOf("maxGap"), (int)Math.Round(o.MaxMembershipGap * 100), higherIsTighter: false, max: 100) / 100.0 };
            }
        }

        if (limits.Reader("rowLevel", required: false, "minRows") is { } rowLevel && rowLevel.Value("minRows", false) is { } rowMin)
        {
            o = o with { RowLevelMinRows = Int(rowMin, rowLevel.PathOf("minRows"), o.RowLevelMinRows, higherIsTighter: false) };
        }

        if (limits.Reader("file", required: false, "maxBytes", "maxRows", "types", "modelTypes") is { } fileLimits)
        {
            if (fileLimits.Value("maxBytes", false) is { } maxBytes)
            {
                o = o with { MaxBytes = Int(maxBytes, fileLimits.PathOf("maxBytes"), o.MaxBytes, higherIsTighter: false) };
            }

            if (fileLimits.Value("maxRows", false) is { } maxRows)
            {
                o = o with { MaxRows = Int(maxRows, fileLimits.PathOf("maxRows"), o.MaxRows, higherIsTighter: false) };
            }

            if (fileLimits.Value("types", false) is { } types)
            {
                o = o with { AllowedTypes = Types(types, fileLimits.PathOf("types"), o.AllowedTypes, subsetOnly: true) };
            }

            if (fileLimits.Value("modelTypes", false) is { } modelTypes)
            {
                o = o with { ModelTypes = Types(modelTypes, fileLimits.PathOf("modelTypes"), o.ModelTypes, subsetOnly: false) };
            }
        }

        return o;

        int Int(YamlNode node, string field, long now, bool higherIsTighter, long max = int.MaxValue)
        {
            if (node is not YamlScalarNode { Value: { } raw } || !long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
                || value < 1 || value > max)
            {
                errors.Add(node, field, $"expected a whole number from 1 to {max}");
                return (int)Math.Min(now, int.MaxValue);
            }

            if (requireTighter && (higherIsTighter ? value < now : value > now))
            {
                errors.Add(node, field, $"{value} would loosen the default of {now}; a grant may only tighten ({(higherIsTighter ? "raise" : "lower")} it)");
                return (int)Math.Min(now, int.MaxValue);
            }

            return (int)Math.Min(value, int.MaxValue);
        }

        IReadOnlyList<string> Types(YamlNode node, string field, IReadOnlyList<string> now, bool subsetOnly)
        {
            if (node is not YamlSequenceNode list || list.Children.Any(t => t is not YamlScalarNode))
            {
                errors.Add(node, field, "expected a list of file types");
                return now;
            }

            var types = list.Children.Cast<YamlScalarNode>().Select(t => (t.Value ?? "").Trim().TrimStart('.').ToLowerInvariant()).ToList();
            var added = types.Where(t => !now.Contains(t)).ToList();
            if (requireTighter && subsetOnly && added.Count > 0)
            {
                errors.Add(node, field, $"{string.Join(", ", added)} would loosen the default; a grant may only remove types");
                return now;
            }

            // More model types only send more files to a reviewer; fewer would let a model skip review.
            if (requireTighter && !subsetOnly)
            {
                return [.. now.Union(types)];
            }

            return types;
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
