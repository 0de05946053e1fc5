using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sandbox.Export.Checks;
using YamlDotNet.Core;
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
    /// <exception cref="ExportPolicyException">A value is malformed, unknown or looser than the default.</exception>
    public ExportPolicy Tighten(string text, string file, string? section = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<string>();
        var tightened = Read(text, file, Options, errors, requireTighter: true, section);
        if (errors.Count > 0)
        {
            throw new ExportPolicyException(errors);
        }

        return new ExportPolicy(tightened, Hash(Sha256 + "\n" + text));
    }

    private static ExportPolicy LoadDefaults()
    {
        using var stream = typeof(ExportPolicy).Assembly.GetManifestResourceStream("Sandbox.Export.defaults.yaml")
            ?? throw new InvalidOperationException($"{DefaultsName} is not built into Sandbox.Export");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string text = reader.ReadToEnd();
        var errors = new List<string>();
        var options = Read(text, DefaultsName, new CheckOptions(), errors, requireTighter: false);
        return errors.Count > 0 ? throw new ExportPolicyException(errors) : new ExportPolicy(options, Hash(text));
    }

    private static CheckOptions Read(string text, string file, CheckOptions current, List<string> errors, bool requireTighter, string? section = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add($"{file}:{ex.Start.Line}: {ex.Message}");
            return current;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add($"{file}:1: the document must be a mapping of limits");
            return current;
        }

        if (section is not null)
        {
            var node = root.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == section).Value;
            if (node is not YamlMappingNode limits)
            {
                errors.Add($"{file}:{(node ?? root).Start.Line}: {section}: expected a mapping of limits");
                return current;
            }

            root = limits;
        }

        var o = current;
        foreach (var (keyNode, value) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "threshold":
                    o = o with { Threshold = Int(value, key, o.Threshold, higherIsTighter: true) };
                    break;
                case "dof":
                    o = o with { MinResidualDof = Int(value, key, o.MinResidualDof, higherIsTighter: true) };
                    break;
                case "dominance":
                    foreach (var (k, v) in Map(value, key))
                    {
                        o = k switch
                        {
                            "nk" => o with { DominanceShare = Int(v, "dominance.nk", (int)Math.Round(o.DominanceShare * 100), higherIsTighter: false, max: 100) / 100.0 },
                            "p" => o with { PRatio = Int(v, "dominance.p", (int)Math.Round(o.PRatio * 100), higherIsTighter: true, max: 100) / 100.0 },
                            _ => Unknown(v, $"dominance.{k}", "nk, p"),
                        };
                    }

                    break;
                case "model":
                    foreach (var (k, v) in Map(value, key))
                    {
                        o = k switch
                        {
                            "minRows" => o with { MinTrainingRows = Int(v, "model.minRows", o.MinTrainingRows, higherIsTighter: true) },
                            "maxGap" => o with { MaxMembershipGap = Int(v, "model.maxGap", (int)Math.Round(o.MaxMembershipGap * 100), higherIsTighter: false, max: 100) / 100.0 },
                            _ => Unknown(v, $"model.{k}", "minRows, maxGap"),
                        };
                    }

                    break;
                case "rowLevel":
                    foreach (var (k, v) in Map(value, key))
                    {
                        o = k == "minRows" ? o with { RowLevelMinRows = Int(v, "rowLevel.minRows", o.RowLevelMinRows, higherIsTighter: false) } : Unknown(v, $"rowLevel.{k}", "minRows");
                    }

                    break;
                case "file":
                    foreach (var (k, v) in Map(value, key))
                    {
                        o = k switch
                        {
                            "maxBytes" => o with { MaxBytes = Int(v, "file.maxBytes", o.MaxBytes, higherIsTighter: false) },
                            "maxRows" => o with { MaxRows = (int)Int(v, "file.maxRows", o.MaxRows, higherIsTighter: false) },
                            "types" => o with { AllowedTypes = Types(v, "file.types", o.AllowedTypes, subsetOnly: true) },
                            "modelTypes" => o with { ModelTypes = Types(v, "file.modelTypes", o.ModelTypes, subsetOnly: false) },
                            _ => Unknown(v, $"file.{k}", "maxBytes, maxRows, types, modelTypes"),
                        };
                    }

                    break;
                default:
                    Unknown(keyNode, key, "threshold, dominance, dof, model, rowLevel, file");
                    break;
            }
        }

        return o;

        IEnumerable<(string, YamlNode)> Map(YamlNode node, string field)
        {
            if (node is YamlMappingNode map)
            {
                return map.Children.Select(c => (((YamlScalarNode)c.Key).Value ?? "", c.Value));
            }

            Error(node, field, "expected a mapping");
            return [];
        }

        CheckOptions Unknown(YamlNode node, string field, string expected)
        {
            Error(node, field, $"unknown key (expected {expected})");
            return o;
        }

        int Int(YamlNode node, string field, long now, bool higherIsTighter, long max = int.MaxValue)
        {
            if (node is not YamlScalarNode { Value: { } raw } || !long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
                || value < 1 || value > max)
            {
                Error(node, field, $"expected a whole number from 1 to {max}");
                return (int)Math.Min(now, int.MaxValue);
            }

            if (requireTighter && (higherIsTighter ? value < now : value > now))
            {
                Error(node, field, $"{value} would loosen the default of {now}; a grant may only tighten ({(higherIsTighter ? "raise" : "lower")} it)");
                return (int)Math.Min(now, int.MaxValue);
            }

            return (int)Math.Min(value, int.MaxValue);
        }

        IReadOnlyList<string> Types(YamlNode node, string field, IReadOnlyList<string> now, bool subsetOnly)
        {
            if (node is not YamlSequenceNode list)
            {
                Error(node, field, "expected a list of file types");
                return now;
            }

            var types = list.Children.OfType<YamlScalarNode>().Select(t => (t.Value ?? "").Trim().TrimStart('.').ToLowerInvariant()).ToList();
            var added = types.Where(t => !now.Contains(t)).ToList();
            if (requireTighter && subsetOnly && added.Count > 0)
            {
                Error(node, field, $"{string.Join(", ", added)} would loosen the default; a grant may only remove types");
                return now;
            }

            // More model types only send more files to a reviewer; fewer would let a model skip review.
            if (requireTighter && !subsetOnly)
            {
                return [.. now.Union(types)];
            }

            return types;
        }

        void Error(YamlNode node, string field, string message) => errors.Add($"{file}:{node.Start.Line}: {field}: {message}");
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
