using System.Globalization;
using Sandbox.Documents;
using Sandbox.Masking.Techniques;
using YamlDotNet.RepresentationModel;

namespace Sandbox.Masking.Rules;

/// <summary>Reads a masking-rule document with positions, collecting every error before returning.</summary>
internal static class MaskingRuleParser
{
    private static readonly string[] TopKeys = ["levels", "entities", "datasets", "consent"];
    private static readonly HashSet<string> RuleKeys = ["technique", "first", "last", "mask", "width", "top", "bottom", "scale", "days", "subject"];

    public static MaskingRuleParse Parse(string yaml, string file)
    {
        var errors = new DocumentErrors(file);
        var levels = new Dictionary<int, PlacedRule>();
        var entities = new Dictionary<string, PlacedRule>(StringComparer.Ordinal);
        var columns = new Dictionary<string, PlacedRule>(StringComparer.Ordinal);
        var consent = new HashSet<string>(StringComparer.Ordinal);

        // The platform's one document reader: syntax errors with their line, unknown top keys with the nearest one.
        var root = DocumentParser.LoadRootMapping(yaml, errors);
        var doc = root is null ? null : new MappingReader(root, "", errors, [.. TopKeys]);
        foreach (var key in TopKeys)
        {
            if (doc?.Value(key, required: false) is not { } value) continue;
            switch (key)
            {
                case "levels":
                    foreach (var (k, v) in Mapping(value, file, key, errors))
                    {
                        var field = $"levels.{Scalar(k)}";
                        if (!int.TryParse(Scalar(k), NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level is < 1 or > 4)
                        {
                            errors.Add(k, field, "a level is 1, 2, 3 or 4");
                        }
                        else if (Rule(v, file, field, null, errors) is { } rule)
                        {
                            if (MaskingDefaults.IsWeakerThan(rule.Rule, MaskingDefaults.For(null, level)))
                            {
                                errors.Add(v, field, $"weaker than the built-in default of level {level}; consent is recorded per column, never per level");
                            }
                            else
                            {
                                levels[level] = rule;
                            }
                        }
                    }

                    break;
                case "entities":
                    foreach (var (k, v) in Mapping(value, file, key, errors))
                    {
                        var entity = Scalar(k);
                        var field = $"entities.{entity}";
                        if (!Detection.Entities.All.Contains(entity))
                        {
                            errors.Add(k, field, $"unknown entity; expected one of {string.Join(", ", Detection.Entities.All)}");
                        }
                        else if (Rule(v, file, field, entity, errors) is { } rule)
                        {
                            entities[entity] = rule;
                        }
                    }

                    break;
                case "datasets":
                    foreach (var (d, cols) in Mapping(value, file, key, errors))
                    {
                        foreach (var (c, v) in Mapping(cols, file, $"datasets.{Scalar(d)}", errors))
                        {
                            if (Rule(v, file, $"datasets.{Scalar(d)}.{Scalar(c)}", null, errors) is { } rule)
                            {
                                columns[$"{Scalar(d)}.{Scalar(c)}"] = rule;
                            }
                        }
                    }

                    break;
                case "consent":
                    if (value is YamlSequenceNode list)
                    {
                        foreach (var item in list)
                        {
                            var entry = Scalar(item);
                            if (entry.Split('.') is not [{ Length: > 0 }, { Length: > 0 }])
                            {
                                errors.Add(item, "consent", $"'{entry}' is not dataset.column");
                            }
                            else
                            {
                                consent.Add(entry);
                            }
                        }
                    }
                    else
                    {
                        errors.Add(value, "consent", "expected a list of dataset.column");
                    }

                    break;
            }
        }

        var found = errors.Any ? errors.ToException().Errors.Select(e => e.ToString()).ToList() : [];
        return found.Count > 0
            ? new MaskingRuleParse(null, found)
            : new MaskingRuleParse(new MaskingRuleDocument { File = file, Levels = levels, Entities = entities, Columns = columns, Consent = consent }, found);
    }

    // A rule: a technique name (tokenize, keep-first-3-last-4, noise-5% …) or a mapping with 'technique' and parameters.
    private static PlacedRule? Rule(YamlNode node, string file, string field, string? entity, DocumentErrors errors)
    {
        if (node is YamlScalarNode scalar)
        {
            try
            {
                return new PlacedRule(MaskingDefaults.Parse(scalar.Value ?? "", entity), file, (int)node.Start.Line, field);
            }
            catch (FormatException ex)
            {
                errors.Add(node, field, ex.Message);
                return null;
            }
        }

        if (node is not YamlMappingNode map)
        {
            errors.Add(node, field, "expected a technique name or a mapping with 'technique'");
            return null;
        }

        var values = new Dictionary<string, (string Text, YamlNode Node)>(StringComparer.Ordinal);
        var before = errors.Count;
        foreach (var (k, v) in map.Children)
        {
            var name = Scalar(k);
            if (!RuleKeys.Contains(name))
            {
                errors.Add(k, $"{field}.{name}", $"unknown key; expected one of {string.Join(", ", RuleKeys)}");
            }
            else
            {
                values[name] = (Scalar(v), v);
            }
        }

        if (!values.TryGetValue("technique", out var technique))
        {
            errors.Add(node, $"{field}.technique", "missing");
            return null;
        }

        var baseRule = technique.Text.ToLowerInvariant() switch
        {
            "age-band" => new MaskingRule(Technique.Generalize) { Generalization = Generalization.AgeBand, Width = 10 },
            "bucket" or "top-code" or "bottom-code" => new MaskingRule(Technique.Generalize) { Generalization = Generalization.Bucket },
            "noise" => new MaskingRule(Technique.Noise) { Scale = 0.05 },
            "date-shift" => new MaskingRule(Technique.DateShift) { MaxDays = 30 },
            "keep-first-last" => new MaskingRule(Technique.KeepFirstLast, 1, 1),
            _ => null,
        };
        if (baseRule is null)
        {
            try
            {
                baseRule = MaskingDefaults.Parse(technique.Text, entity);
            }
            catch (FormatException ex)
            {
                errors.Add(technique.Node, $"{field}.technique", ex.Message);
                return null;
            }
        }

        var rule = baseRule with
        {
            First = Int(values, "first", baseRule.First, 0, 1000),
            Last = Int(values, "last", baseRule.Last, 0, 1000),
            MaskChar = values.TryGetValue("mask", out var m) && m.Text.Length == 1 ? m.Text[0] : baseRule.MaskChar,
            Width = Number(values, "width", baseRule.Width, 0),
            Top = values.ContainsKey("top") ? Number(values, "top", 0, double.MinValue) : baseRule.Top,
            Bottom = values.ContainsKey("bottom") ? Number(values, "bottom", 0, double.MinValue) : baseRule.Bottom,
            Scale = Number(values, "scale", baseRule.Scale, 0, 1),
            MaxDays = Int(values, "days", baseRule.MaxDays, 1, 3650),
            Subject = values.TryGetValue("subject", out var s) ? s.Text : baseRule.Subject,
        };
        if (values.TryGetValue("mask", out var maskChar) && maskChar.Text.Length != 1)
        {
            errors.Add(maskChar.Node, $"{field}.mask", "a single char");
        }

        return errors.Count > before ? null : new PlacedRule(rule, file, (int)node.Start.Line, field);

        int Int(Dictionary<string, (string Text, YamlNode Node)> all, string name, int fallback, int min, int max)
        {
            if (!all.TryGetValue(name, out var v))
            {
                return fallback;
            }

            if (int.TryParse(v.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            errors.Add(v.Node, $"{field}.{name}", $"expected a whole number from {min} to {max}");
            return fallback;
        }

        double Number(Dictionary<string, (string Text, YamlNode Node)> all, string name, double fallback, double min, double max = double.MaxValue)
        {
            if (!all.TryGetValue(name, out var v))
            {
                return fallback;
            }

            if (double.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n >= min && n <= max)
            {
                return n;
            }

            errors.Add(v.Node, $"{field}.{name}", $"expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
            return fallback;
        }
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Mapping(YamlNode node, string file, string field, DocumentErrors errors)
    {
        if (node is YamlMappingNode map)
        {
            return map.Children;
        }

        errors.Add(node, field, "expected a mapping");
        return [];
    }

    private static string Scalar(YamlNode node) => (node as YamlScalarNode)?.Value ?? "";

}
