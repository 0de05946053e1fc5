namespace Sandbox.Masking.Detection;

/// <summary>Combines a column's header and a sample of its values into a classification.</summary>
public static class ColumnClassifier
{
    /// <summary>Share of non-empty values a detector must validate to name the column on content alone.</summary>
    public const double ContentThreshold = 0.8;

    /// <summary>Share that suffices when the header hints the same entity.</summary>
    public const double HintedThreshold = 0.5;

    /// <summary>Share of non-empty values the person-name detector must match to name a column without a header hint.</summary>
    public const double NameContentThreshold = 0.9;

    /// <summary>The entity a column's header alone suggests (身份证号 → cn_resident_id), or null.</summary>
    public static string? HeaderHint(string name) => HeaderHints.EntityFor(name ?? string.Empty);

    /// <summary>Classifies one column from its name and a sample of its values (nulls allowed).</summary>
    /// <remarks>
    /// <para>1. The header gives a hint (身份证号, sfzh, id_no → cn_resident_id).</para>
    /// <para>2. Every detector validates every non-empty, trimmed sample value; contextual detectors (names, birth
    /// dates) and the free-text scan count separately.</para>
    /// <para>3. The detector of <see cref="Detectors.All"/> with most matches names the column at a rate ≥
    /// <see cref="ContentThreshold"/>, or ≥ <see cref="HintedThreshold"/> when the header hints that entity; person
    /// names need the hint plus name-shaped values, birth dates the hint plus dates.</para>
    /// <para>4. Without a hint, a column of surname-led names at ≥ <see cref="NameContentThreshold"/> is person_name
    /// (at most 0.8 confidence); a text column in which detectors find embedded values is free_text_pii, at the
    /// level of the most sensitive entity found (at least 3).</para>
    /// <para>5. Without such evidence, a hint still names the column with low confidence (≤ 0.5): a column
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
        var names = Detectors.For(Entities.PersonName)!;
        var births = Detectors.For(Entities.DateOfBirth)!;
        var nonEmpty = 0;
        var nameShaped = 0;
        var surnameLed = 0;
        var dates = 0;
        var embedded = 0;
        var embeddedLevel = Entities.DefaultLevel(Entities.FreeTextPii);
        foreach (var raw in sample)
        {
            var value = raw.AsSpan().Trim();
            if (value.IsEmpty)
            {
                continue;
            }

            nonEmpty++;
            var whole = false;
            for (var i = 0; i < detectors.Count; i++)
            {
                if (detectors[i].Matches(value))
                {
                    counts[i]++;
                    whole = true;
                }
            }

            if (ChineseNameShape.Matches(value))
            {
                nameShaped++;
                surnameLed += names.Matches(value) ? 1 : 0;
            }

            dates += births.Matches(value) ? 1 : 0;
            if (!whole && Detectors.FindIn(value) is { } found)
            {
                embedded++;
                embeddedLevel = Math.Max(embeddedLevel, found.DefaultLevel);
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

        var hintedRate = 0.0;
        if (hint is not null)
        {
            var hintedCount = hint switch
            {
                Entities.PersonName => nameShaped,
                Entities.DateOfBirth => dates,
                _ => CountOf(hint, detectors, counts),
            };
            hintedRate = (double)hintedCount / nonEmpty;
            if (hintedRate >= HintedThreshold)
            {
                // Name shape and date shape are weaker evidence than a check digit, so they get a lower ceiling.
                var weak = hint is Entities.PersonName or Entities.DateOfBirth;
                var confidence = weak ? 0.5 + (0.4 * hintedRate) : 0.6 + (0.4 * hintedRate);
                return Result(name, hint, confidence, hint);
            }
        }

        // 4. Names without a hint, then free text with embedded values.
        var surnameRate = (double)surnameLed / nonEmpty;
        if (hint is null && surnameRate >= NameContentThreshold)
        {
            return Result(name, Entities.PersonName, 0.4 + (0.4 * surnameRate), hint);
        }

        if (IsFreeTextWithPii(embedded, nonEmpty))
        {
            var rate = (double)embedded / nonEmpty;
            var confidence = 0.6 + (0.3 * Math.Min(1, rate * 5));
            return new ColumnClassification(
                name, Entities.FreeTextPii, Round(confidence), Math.Max(embeddedLevel, Entities.DefaultLevel(hint)));
        }

        // 5. Hint without content evidence.
        if (hint is not null)
        {
            return Result(name, hint, 0.2 + (0.3 * hintedRate), hint);
        }

        return new ColumnClassification(name, null, Round(1 - bestRate), 1);
    }

    // Two values with an embedded identifier, or one in a small sample: personal data is in the column
    // even when most rows are harmless remarks.
    private static bool IsFreeTextWithPii(int embedded, int nonEmpty) => embedded >= 2 || (embedded == 1 && nonEmpty < 50);

    private static int CountOf(string hint, IReadOnlyList<IDetector> detectors, ReadOnlySpan<int> counts)
    {
        for (var i = 0; i < detectors.Count; i++)
        {
            if (detectors[i].Entity == hint)
            {
                return counts[i];
            }
        }

        return 0;
    }

    private static ColumnClassification Result(string name, string entity, double confidence, string? hint) =>
        new(name, entity, Round(confidence), Math.Max(Entities.DefaultLevel(entity), Entities.DefaultLevel(hint)));

    private static double Round(double confidence) => Math.Round(Math.Clamp(confidence, 0, 1), 2);
}
