using System.Text;

namespace Sandbox.Masking.Detection;

/// <summary>What a column's non-empty sample shows: per detector, how many values it validates and how many share their shape.</summary>
/// <remarks>
/// The shape of a value is its chars with every digit as 9 and every ASCII letter as A. A detector's matches are
/// evidence only when most values of the same shapes match too: a column of random 16-digit order numbers has
/// one Luhn-valid number in ten, a column of cards has all of them valid.
/// </remarks>
internal sealed class ColumnEvidence
{
    private readonly Dictionary<string, int>[] _matchedShapes;
    private readonly Dictionary<string, int> _shapes = new(StringComparer.Ordinal);

    private ColumnEvidence(int detectors)
    {
        Whole = new int[detectors];
        _matchedShapes = new Dictionary<string, int>[detectors];
        for (var i = 0; i < detectors; i++)
        {
            _matchedShapes[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    /// <summary>Non-empty (trimmed) values.</summary>
    public int NonEmpty { get; private set; }

    /// <summary>Per detector of <see cref="Detectors.All"/>: values it validates whole.</summary>
    public int[] Whole { get; }

    /// <summary>Values no detector validates whole but in which one finds an embedded personal value.</summary>
    public int Embedded { get; private set; }

    /// <summary>The highest level among embedded values found (at least free text's level).</summary>
    public int EmbeddedLevel { get; private set; } = Entities.DefaultLevel(Entities.FreeTextPii);

    /// <summary>Values of a person name's shape (2–4 ideographs or dotted).</summary>
    public int NameShaped { get; private set; }

    /// <summary>Name-shaped values that do not end like a place or an organization (江宁区, 财务部, 金陵饭店 do).</summary>
    public int NameLike { get; private set; }

    /// <summary>Placeholders for "no value" (无, 未知, 不详, -, N/A …): neither evidence for nor against a header.</summary>
    public int Fillers { get; private set; }

    /// <summary>Values with at least one digit.</summary>
    public int WithDigits { get; private set; }

    /// <summary>Name-shaped values the person-name detector accepts (a known surname, no place or organization ending).</summary>
    public int Names { get; private set; }

    /// <summary>Values that parse as a date a living person could be born on.</summary>
    public int Dates { get; private set; }

    /// <summary>Birth years of <see cref="Dates"/>.</summary>
    public List<int> DateYears { get; } = [];

    /// <summary>Values compatible with the shape the header hints (see <see cref="HintShape"/>); all of them without a hint.</summary>
    public int HintCompatible { get; private set; }

    /// <summary>Collects the evidence of <paramref name="sample"/>; <paramref name="hint"/> is the header's entity, or null.</summary>
    public static ColumnEvidence Of(IReadOnlyList<string?> sample, string? hint)
    {
        var detectors = Detectors.All;
        var evidence = new ColumnEvidence(detectors.Count);
        var names = Detectors.For(Entities.PersonName)!;
        var births = Detectors.For(Entities.DateOfBirth)!;
        var shape = new StringBuilder();
        foreach (var raw in sample)
        {
            var value = raw.AsSpan().Trim();
            if (value.IsEmpty)
            {
                continue;
            }

            evidence.NonEmpty++;
            var key = Shape(value, shape);
            evidence._shapes[key] = evidence._shapes.GetValueOrDefault(key) + 1;
            var whole = false;
            for (var i = 0; i < detectors.Count; i++)
            {
                if (detectors[i].Matches(value))
                {
                    evidence.Whole[i]++;
                    evidence._matchedShapes[i][key] = evidence._matchedShapes[i].GetValueOrDefault(key) + 1;
                    whole = true;
                }
            }

            var filler = IsFiller(value);
            if (!filler && ChineseNameShape.Matches(value))
            {
                evidence.NameShaped++;
                evidence.NameLike += PersonNameDetector.EndsLikeAName(value) ? 1 : 0;
                evidence.Names += names.Matches(value) ? 1 : 0;
            }

            if (births.Matches(value) && DateText.TryParse(value, out var date))
            {
                evidence.Dates++;
                evidence.DateYears.Add(date.Year);
            }

            evidence.WithDigits += value.ContainsAnyInRange('0', '9') ? 1 : 0;
            evidence.Fillers += filler ? 1 : 0;
            evidence.HintCompatible += hint is null || HintShape.Compatible(hint, value) ? 1 : 0;
            if (!whole && Detectors.FindIn(value) is { } found)
            {
                evidence.Embedded++;
                evidence.EmbeddedLevel = Math.Max(evidence.EmbeddedLevel, found.DefaultLevel);
            }
        }

        return evidence;
    }

    /// <summary>Share of the values of the shapes detector <paramref name="index"/> matched that it validates (0 when it matched none).</summary>
    public double ShapeAgreement(int index)
    {
        var same = 0;
        foreach (var key in _matchedShapes[index].Keys)
        {
            same += _shapes[key];
        }

        return same == 0 ? 0 : (double)Whole[index] / same;
    }

    private static bool IsFiller(ReadOnlySpan<char> value) =>
        value is "无" or "未知" or "暂无" or "不详" or "空" or "-" or "--" or "/" or "null" or "NULL" or "N/A" or "n/a" or "none" or "None";

    private static string Shape(ReadOnlySpan<char> value, StringBuilder shape)
    {
        shape.Clear();
        foreach (var c in value)
        {
            shape.Append(c switch
            {
                >= '0' and <= '9' => '9',
                _ when char.IsAsciiLetter(c) => 'A',
                >= '\u3400' and <= '\u9FFF' => '中',
                _ => c,
            });
        }

        return shape.ToString();
    }
}
