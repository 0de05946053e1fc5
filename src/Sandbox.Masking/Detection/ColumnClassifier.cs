namespace Sandbox.Masking.Detection;

/// <summary>Combines a column's header and a sample of its values into a classification.</summary>
public static class ColumnClassifier
{
    /// <summary>Share of non-empty values a detector must validate for full confidence on content alone.</summary>
    public const double ContentThreshold = 0.8;

    /// <summary>Share of name- or date-shaped values that suffices when the header hints a name or a birth date.</summary>
    public const double HintedThreshold = 0.5;

    /// <summary>Share of the non-empty sample that always protects a column: personal values at 1% are personal data.</summary>
    public const double ProtectedShare = 0.01;

    /// <summary>Number of validated values that protects a column whatever its share.</summary>
    public const int ProtectedCount = 5;

    /// <summary>Share of same-shaped values a check-digit detector must validate for its matches to count (random digits pass Luhn 1 time in 10).</summary>
    public const double ShapeAgreement = 0.5;

    /// <summary>The entity a column's header alone suggests (身份证号 → cn_resident_id), or null.</summary>
    public static string? HeaderHint(string name) => HeaderHints.EntityFor(name ?? string.Empty);

    /// <summary>How many validated values of <paramref name="nonEmpty"/> protect a column: ≥ 1% or ≥ 5 values, at least one.</summary>
    public static int ProtectedMinimum(int nonEmpty) =>
        Math.Max(1, Math.Min(ProtectedCount, (int)Math.Ceiling(nonEmpty * ProtectedShare)));

    /// <summary>Classifies one column from its name and a sample of its values (nulls allowed).</summary>
    /// <remarks>
    /// <para>1. The header gives a hint (身份证号, sfzh, id_no → cn_resident_id); counts and types (ip_count,
    /// phone_model, 地址类型) give none.</para>
    /// <para>2. Every detector validates every non-empty, trimmed sample value; values of a validated value's shape
    /// that fail the check count against it; names, birth dates and embedded values count separately.</para>
    /// <para>3. Any share counts: a detector whose validated values reach <see cref="ProtectedMinimum"/> names the
    /// column; among several, the most sensitive entity names it and sets the level. Content beats the header.</para>
    /// <para>4. A hinted name or birth date needs name- or date-shaped values at <see cref="HintedThreshold"/>.
    /// Without a hint, surname-led names, a spread of birth dates or embedded values name the column.</para>
    /// <para>5. A hint without evidence still names the column with low confidence (≤ 0.5), unless the sample
    /// contradicts it (<see cref="HintShape"/>): a header alone never raises a column that is visibly something else.</para>
    /// </remarks>
    public static ColumnClassification Classify(string name, IReadOnlyList<string?> sample)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(sample);

        // 1. Header hint.
        var hint = HeaderHints.EntityFor(name);
        var hintLevel = Entities.DefaultLevel(hint);

        // 2. Evidence of the non-empty sample.
        var evidence = ColumnEvidence.Of(sample, hint);
        var n = evidence.NonEmpty;
        if (n == 0)
        {
            return hint is null
                ? new ColumnClassification(name, null, 0, 1)
                : new ColumnClassification(name, hint, 0.5, hintLevel);
        }

        var minimum = ProtectedMinimum(n);
        // Most real values (placeholders aside) cannot be the hinted entity: the header is contradicted.
        var contradicted = hint is not null && evidence.HintCompatible * 2 < n - evidence.Fillers;

        // 3. Validated identifiers at any share: the most sensitive names the column, the hinted one on ties.
        var detectors = Detectors.All;
        var chosen = -1;
        var bestCount = 0;
        for (var i = 0; i < detectors.Count; i++)
        {
            var count = evidence.Whole[i];
            bestCount = Math.Max(bestCount, count);
            if (count < minimum || evidence.ShapeAgreement(i) < ShapeAgreement)
            {
                continue;
            }

            if (chosen < 0 || Better(detectors[i], count, detectors[chosen], evidence.Whole[chosen], hint))
            {
                chosen = i;
            }
        }

        var embedded = IsFreeTextWithPii(evidence.Embedded, n, minimum);
        if (chosen >= 0)
        {
            var entity = detectors[chosen].Entity;
            var rate = (double)evidence.Whole[chosen] / n;
            var confidence = hint == entity ? 0.6 + (0.4 * rate) : hint is null ? 0.45 + (0.5 * rate) : 0.3 + (0.5 * rate);
            var level = Math.Max(Entities.DefaultLevel(entity), embedded ? evidence.EmbeddedLevel : 1);
            // A compatible hint may raise the level (身份证号 over partly readable IDs), never a contradicted one.
            return new ColumnClassification(name, entity, Round(confidence), contradicted ? level : Math.Max(level, HintLevelIfPersonal(hint, entity)));
        }

        // 4. Weaker evidence: names and birth dates next to their hint, then without one; then embedded values.
        if (hint is Entities.PersonName or Entities.DateOfBirth && !contradicted)
        {
            var rate = (double)(hint == Entities.PersonName ? evidence.NameLike : evidence.Dates) / n;
            if (rate >= HintedThreshold)
            {
                return new ColumnClassification(name, hint, Round(0.5 + (0.4 * rate)), hintLevel);
            }
        }

        if (hint is null or Entities.PersonName && IsNameColumn(evidence, minimum))
        {
            var rate = (double)evidence.Names / n;
            return new ColumnClassification(name, Entities.PersonName, Round(0.4 + (0.4 * Math.Min(1, rate * 1.25))), Entities.DefaultLevel(Entities.PersonName));
        }

        if (hint is null && IsBirthDateColumn(evidence))
        {
            return new ColumnClassification(name, Entities.DateOfBirth, Round(0.4 + (0.4 * evidence.Dates / n)), Entities.DefaultLevel(Entities.DateOfBirth));
        }

        if (embedded)
        {
            var rate = (double)evidence.Embedded / n;
            var confidence = 0.6 + (0.3 * Math.Min(1, rate * 5));
            return new ColumnClassification(
                name, Entities.FreeTextPii, Round(confidence), Math.Max(evidence.EmbeddedLevel, contradicted ? 1 : hintLevel));
        }

        // 5. Hint without content evidence, unless the content contradicts it.
        if (hint is not null && !contradicted)
        {
            var hinted = (double)evidence.HintCompatible / n;
            return new ColumnClassification(name, hint, Round(0.2 + (0.25 * hinted)), hintLevel);
        }

        return new ColumnClassification(name, null, Round(1 - ((double)bestCount / n)), 1);
    }

    // More sensitive first; at equal level the hinted entity, then more matches, then the earlier (stronger) detector.
    private static bool Better(IDetector candidate, int count, IDetector current, int currentCount, string? hint)
    {
        if (candidate.DefaultLevel != current.DefaultLevel)
        {
            return candidate.DefaultLevel > current.DefaultLevel;
        }

        if ((candidate.Entity == hint) != (current.Entity == hint))
        {
            return candidate.Entity == hint;
        }

        return count > currentCount;
    }

    // A header raises a validated column only when both are personal: 身份证号 over credit codes stays what it is.
    private static int HintLevelIfPersonal(string? hint, string entity) =>
        Entities.DefaultLevel(entity) >= 3 ? Entities.DefaultLevel(hint) : 1;

    // Surname-led names at any share, when they are most of the name-shaped values that could be names at all
    // (products share the shape, but far fewer of them start with a surname; places and departments end otherwise).
    private static bool IsNameColumn(ColumnEvidence evidence, int minimum) =>
        evidence.Names >= Math.Max(2, minimum)
        && evidence.Names * 4 >= evidence.NameLike * 3;

    // Most values with digits are dates, spread over decades and centred on adults' birth years: registration and order
    // dates cluster in recent years.
    private static bool IsBirthDateColumn(ColumnEvidence evidence)
    {
        // Fillers without a digit (无, 不详) do not count against the dates.
        if (evidence.Dates < 5 || evidence.Dates * 5 < evidence.WithDigits * 4)
        {
            return false;
        }

        var years = evidence.DateYears;
        years.Sort();
        var median = years[years.Count / 2];
        return years[^1] - years[0] >= 30 && median <= DateTime.UtcNow.Year - 25;
    }

    // Embedded identifiers at the protected share, or two of them, or one in a small sample: personal data is in the
    // column even when most rows are harmless remarks.
    private static bool IsFreeTextWithPii(int embedded, int nonEmpty, int minimum) =>
        embedded >= Math.Min(2, minimum) || (embedded == 1 && nonEmpty < 50);

    private static double Round(double confidence) => Math.Round(Math.Clamp(confidence, 0, 1), 2);
}
