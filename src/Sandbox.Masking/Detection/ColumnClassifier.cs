namespace Sandbox.Masking.Detection;

/// <summary>Combines a column's header and a sample of its values into a classification.</summary>
public static class ColumnClassifier
{
    /// <summary>Share of non-empty values a detector must validate to name the column on content alone.</summary>
    public const double ContentThreshold = 0.8;

    /// <summary>Share that suffices when the header hints the same entity.</summary>
    public const double HintedThreshold = 0.5;

    /// <summary>Classifies one column from its name and a sample of its values (nulls allowed).</summary>
    /// <remarks>
    /// <para>1. The header gives a hint (身份证号, sfzh, id_no → cn_resident_id).</para>
    /// <para>2. Every detector validates every non-empty, trimmed sample value.</para>
    /// <para>3. The detector with most matches names the column at a rate ≥ <see cref="ContentThreshold"/>,
    /// or ≥ <see cref="HintedThreshold"/> when the header hints that entity; person names need the hint
    /// plus name-shaped values.</para>
    /// <para>4. Without such a winner, a hint still names the column with low confidence (≤ 0.5): a column
    /// called 身份证号 is treated as resident IDs even when its sample is empty or unreadable.</para>
    /// <para>The level is the entity's default level, raised to the hinted entity's level when header and
    /// content disagree, so a misleading sample can never lower a column below what its name says.</para>
    /// </remarks>
    public static ColumnClassification Classify(string name, IReadOnlyList<string?> sample)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(sample);

        // 1. Header hint.
        var hint = HeaderHints.EntityFor(name);

        // 2. Validation counts over the non-empty sample.
        var detectors = Detectors.All;
        Span<int> counts = stackalloc int[detectors.Count];
        var nonEmpty = 0;
        var nameShaped = 0;
        foreach (var raw in sample)
        {
            var value = raw.AsSpan().Trim();
            if (value.IsEmpty)
            {
                continue;
            }

            nonEmpty++;
            for (var i = 0; i < detectors.Count; i++)
            {
                if (detectors[i].Matches(value))
                {
                    counts[i]++;
                }
            }

            if (ChineseNameShape.Matches(value))
            {
                nameShaped++;
            }
        }

        if (nonEmpty == 0)
        {
            return hint is null
                ? new ColumnClassification(name, null, 0, 1)
                : new ColumnClassification(name, hint, 0.5, Entities.DefaultLevel(hint));
        }

        // 3. Content winner: most matches, earlier (stronger) detector on ties.
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        var bestRate = (double)counts[best] / nonEmpty;
        var bestEntity = detectors[best].Entity;
        if (bestRate >= ContentThreshold)
        {
            var confidence = hint switch
            {
                null => 0.45 + (0.5 * bestRate),
                _ when hint == bestEntity => 0.6 + (0.4 * bestRate),
                _ => 0.3 + (0.5 * bestRate), // header and content disagree: a human should look
            };
            return Result(name, bestEntity, confidence, hint);
        }

        if (hint is not null)
        {
            var hintedRate = HintedRate(hint, detectors, counts, nameShaped, nonEmpty);
            if (hintedRate >= HintedThreshold)
            {
                // Name shape is weaker evidence than a check digit, so names get a lower ceiling.
                var confidence = hint == Entities.PersonName ? 0.5 + (0.4 * hintedRate) : 0.6 + (0.4 * hintedRate);
                return Result(name, hint, confidence, hint);
            }

            // 4. Hint without content evidence.
            return Result(name, hint, 0.2 + (0.3 * hintedRate), hint);
        }

        return new ColumnClassification(name, null, Round(1 - bestRate), 1);
    }

    private static double HintedRate(string hint, IReadOnlyList<IDetector> detectors, ReadOnlySpan<int> counts, int nameShaped, int nonEmpty)
    {
        if (hint == Entities.PersonName)
        {
            return (double)nameShaped / nonEmpty;
        }

        for (var i = 0; i < detectors.Count; i++)
        {
            if (detectors[i].Entity == hint)
            {
                return (double)counts[i] / nonEmpty;
            }
        }

        return 0;
    }

    private static ColumnClassification Result(string name, string entity, double confidence, string? hint) =>
        new(name, entity, Round(confidence), Math.Max(Entities.DefaultLevel(entity), Entities.DefaultLevel(hint)));

    private static double Round(double confidence) => Math.Round(Math.Clamp(confidence, 0, 1), 2);
}
